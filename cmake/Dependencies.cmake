# Every external dependency comes from Debian 12 packages (see packaging/setup-deps.sh).

find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)

# Debian's PocoDataPostgreSQL config links a target `PostgreSQL::client` that nothing defines;
# give it one over CMake's own FindPostgreSQL before Poco is looked up.
find_package(PostgreSQL REQUIRED)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()

find_package(Poco 1.11 REQUIRED COMPONENTS
  Foundation Net NetSSL Util JSON Data DataSQLite DataPostgreSQL Redis JWT Crypto)

# yaml-cpp 0.7 exports a plain `yaml-cpp` target.
find_package(yaml-cpp REQUIRED)

# prometheus-cpp 1.0: metric families and the text exposition behind our own GET /metrics. Only
# its core library is linked; its "pull" HTTP server would be a second server beside ours.
find_package(prometheus-cpp CONFIG REQUIRED)

# Boost.DLL is header-only; 1.74 uses std::filesystem when asked to.
find_package(Boost 1.74 REQUIRED)

# Howard Hinnant's date 3.0 (libhowardhinnant-date-dev): IANA time zones for cron triggers.
# GCC 12's libstdc++ lacks C++20's std::chrono::locate_zone/zoned_time (they came in GCC 13);
# this library is their proposal's reference implementation with the same API, and Debian
# builds it on the system zoneinfo (USE_OS_TZDB), so tzdata updates reach us without a rebuild.
find_package(date 3 REQUIRED CONFIG)

# RapidJSON 1.1 (header-only): its SAX reader checks and compacts JSON bodies that are passed on
# rather than read (a webhook's payload) without building a document. Chosen with numbers:
# tests/bench/json_dom_bench.cpp measures memory and time per body shape for each candidate.
find_package(RapidJSON 1.1 REQUIRED CONFIG)
