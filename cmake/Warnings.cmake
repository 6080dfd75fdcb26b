# Warnings are errors for our own code only; dependencies' headers are included as system headers.
function(orchestra_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2 -Werror
    # GCC 12 reports impossible overlaps inside libstdc++'s string concatenation at -O2
    # (GCC bug 105329); the warning is noise there and nowhere else useful to us.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
