# cmake -DNM=<nm> -DPLUGIN=<lib.so> -P CheckExports.cmake
# Fails unless `nm -D --defined-only` lists exactly one symbol, orc_plugin_entry_v1: anything
# else exported could collide with the host's or another plugin's symbols.
execute_process(COMMAND ${NM} -D --defined-only ${PLUGIN}
                OUTPUT_VARIABLE symbols RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "nm failed on ${PLUGIN}")
endif()
string(REGEX REPLACE "\n$" "" symbols "${symbols}")
string(REPLACE "\n" ";" lines "${symbols}")
set(names "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "^[0-9a-fA-F]* *[A-Za-z] +" "" name "${line}")
  list(APPEND names "${name}")
endforeach()
if(NOT names STREQUAL "orc_plugin_entry_v1")
  message(FATAL_ERROR "${PLUGIN} must export only orc_plugin_entry_v1, it exports: ${names}")
endif()
message(STATUS "${PLUGIN} exports only orc_plugin_entry_v1")
