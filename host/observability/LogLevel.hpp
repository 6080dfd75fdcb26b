// Severity levels of the structured log, their names on a log line, and parsing them from
// configuration (log.level) and the environment.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace orchestra::observability {

enum class LogLevel : std::uint8_t { Trace, Debug, Info, Warning, Error, Critical };

// "TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL": the `level` field of a log line.
std::string_view logLevelName(LogLevel level) noexcept;

// Case-insensitive; accepts the names above and "warn". std::nullopt for anything else, so
// the config loader can report the bad value.
std::optional<LogLevel> parseLogLevel(std::string_view text) noexcept;

}  // namespace orchestra::observability
