# Warnings are errors for our own code only; dependencies' headers are included as system headers.
function(orchestra_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2 -Werror
    # At -O2 and above GCC 12 reports impossible overlaps inside libstdc++'s string
    # concatenation (GCC bug 105329) and "maybe uninitialized" members of moved std::map and
    # std::variant objects (bugs 105562, 107919); both are noise inside the standard library.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict -Wno-maybe-uninitialized>)
endfunction()
