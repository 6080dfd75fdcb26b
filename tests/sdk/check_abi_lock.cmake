# Fails when sdk/include/orchestra/abi.h changed but its ABI version did not (or the lock is stale).
# Run: cmake -DABI_HEADER=<abi.h> -DABI_LOCK=<abi.lock> [-DUPDATE=ON] -P check_abi_lock.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT ABI_HEADER OR NOT ABI_LOCK)
  message(FATAL_ERROR "usage: cmake -DABI_HEADER=... -DABI_LOCK=... [-DUPDATE=ON] -P ${CMAKE_SCRIPT_MODE_FILE}")
endif()

file(READ "${ABI_HEADER}" header_text)
string(REGEX MATCH "#define ORC_ABI_VERSION_MAJOR ([0-9]+)" _ "${header_text}")
set(header_major "${CMAKE_MATCH_1}")
string(REGEX MATCH "#define ORC_ABI_VERSION_MINOR ([0-9]+)" _ "${header_text}")
set(header_minor "${CMAKE_MATCH_1}")
if(header_major STREQUAL "" OR header_minor STREQUAL "")
  message(FATAL_ERROR "${ABI_HEADER}: ORC_ABI_VERSION_MAJOR/MINOR macros not found")
endif()
set(header_version "${header_major}.${header_minor}")
file(SHA256 "${ABI_HEADER}" header_sha256)

set(update_command
    "cmake -DABI_HEADER=${ABI_HEADER} -DABI_LOCK=${ABI_LOCK} -DUPDATE=ON -P ${CMAKE_SCRIPT_MODE_FILE}")

if(UPDATE)
  file(WRITE "${ABI_LOCK}"
       "# Written by tests/sdk/check_abi_lock.cmake: the ABI version and the SHA-256 of abi.h.\n"
       "# A header change without a version bump fails the abi.lock test (see sdk/README.md).\n"
       "abi_version ${header_version}\n"
       "sha256 ${header_sha256}\n")
  message(STATUS "abi.lock: ABI ${header_version}, sha256 ${header_sha256}")
  return()
endif()

if(NOT EXISTS "${ABI_LOCK}")
  message(FATAL_ERROR "${ABI_LOCK} is missing; create it with:\n  ${update_command}")
endif()
file(STRINGS "${ABI_LOCK}" lock_lines REGEX "^(abi_version|sha256) ")
set(lock_version "")
set(lock_sha256 "")
foreach(line IN LISTS lock_lines)
  if(line MATCHES "^abi_version ([0-9]+\\.[0-9]+)$")
    set(lock_version "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^sha256 ([0-9a-f]+)$")
    set(lock_sha256 "${CMAKE_MATCH_1}")
  endif()
endforeach()

if(header_sha256 STREQUAL lock_sha256 AND header_version STREQUAL lock_version)
  message(STATUS "abi.h matches abi.lock (ABI ${header_version})")
  return()
endif()

if(NOT header_sha256 STREQUAL lock_sha256 AND header_version STREQUAL lock_version)
  message(FATAL_ERROR
    "abi.h changed but ORC_ABI_VERSION is still ${header_version} (abi.lock has another SHA-256).\n"
    "Plugins built against ${header_version} would silently disagree with the host. Either:\n"
    "  - you appended fields at the end of structs or new functions at the end of the host API\n"
    "    table: bump ORC_ABI_VERSION_MINOR, add the new ORC_V1_x sizes, extend\n"
    "    tests/sdk/abi_layout_checks.h;\n"
    "  - you changed anything else (removed, reordered, retyped, changed a meaning): bump\n"
    "    ORC_ABI_VERSION_MAJOR, reset MINOR to 0 and add a new entry symbol orc_plugin_entry_v<N>;\n"
    "  - you only changed comments: no bump, but say so in review.\n"
    "Then update the lock with:\n  ${update_command}")
endif()

message(FATAL_ERROR
  "abi.lock is stale: it records ABI ${lock_version}, abi.h says ${header_version}.\n"
  "After reviewing the version bump, update the lock with:\n  ${update_command}")
