// The shape of one structured log line, separate from where it is written so tests and
// benchmarks can format lines with a fixed clock and no I/O.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "host/observability/LogField.hpp"
#include "host/observability/LogLevel.hpp"

namespace orchestra::observability {

// "2024-05-01T12:34:56.789Z": UTC, millisecond precision (truncated, not rounded).
void appendIsoTimestamp(std::string& out, std::chrono::system_clock::time_point time);

// {"timestamp":…,"level":…,"logger":…,"message":…,<fields in order>} and a newline. Field
// keys are written as given, so they should not repeat the four fixed keys. Doubles that
// JSON cannot represent (NaN, infinities) are written as null.
void appendLogLine(std::string& out, std::chrono::system_clock::time_point time, LogLevel level,
                   std::string_view logger, std::string_view message,
                   std::span<const LogField> fields);

}  // namespace orchestra::observability
