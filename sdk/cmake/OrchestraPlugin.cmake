# orchestra_add_plugin(<target> SOURCES <files>... [OUTPUT_NAME <name>])
# Builds an Orchestra plugin: a MODULE library lib<target>.so (or lib<OUTPUT_NAME>.so) at least
# C++17, hidden visibility, every symbol resolved at link time (-Wl,--no-undefined) and only
# orc_plugin_entry_v* exported. Link extra libraries with target_link_libraries as usual.
include_guard(GLOBAL)

set(ORCHESTRA_PLUGIN_VERSION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/OrchestraPlugin.map"
    CACHE INTERNAL "linker version script of Orchestra plugins")

function(orchestra_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_NAME" "SOURCES")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "orchestra_add_plugin(${target}): SOURCES is required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "orchestra_add_plugin(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()

  add_library(${target} MODULE ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE orchestra::sdk)
  target_compile_features(${target} PRIVATE cxx_std_17)
  # The host looks for lib<name>.so (plugins.load[].file in orchestra.yaml names that file).
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    SUFFIX ".so"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    LINK_DEPENDS "${ORCHESTRA_PLUGIN_VERSION_SCRIPT}")
  if(arg_OUTPUT_NAME)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${arg_OUTPUT_NAME})
  endif()
  # A missing symbol fails the plugin's build, not the host's start-up hours later.
  target_link_options(${target} PRIVATE
    "LINKER:--no-undefined"
    "LINKER:--version-script=${ORCHESTRA_PLUGIN_VERSION_SCRIPT}")
endfunction()
