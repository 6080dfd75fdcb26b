// The host's structured log: one JSON object per line on stderr, written with a single
// write(2) so lines from concurrent threads never interleave, and allocation-free once warm.
#pragma once

#include <functional>
#include <initializer_list>
#include <span>
#include <string_view>

#include "host/observability/LogField.hpp"
#include "host/observability/LogLevel.hpp"

namespace orchestra::observability {

// Lines below this level are dropped; INFO until configuration says otherwise.
void setLogLevel(LogLevel level) noexcept;
LogLevel logLevel() noexcept;
// Check before computing expensive fields; the log functions check again themselves.
bool logEnabled(LogLevel level) noexcept;

// `logger` names the area ("http.access", "store", "app"); `message` is a short fixed text
// that reads as an event name, with the variable parts in fields. Never throws.
void logEvent(LogLevel level, std::string_view logger, std::string_view message,
              std::initializer_list<LogField> fields = {}) noexcept;
// For callers that assemble a variable number of fields.
void logEvent(LogLevel level, std::string_view logger, std::string_view message,
              std::span<const LogField> fields) noexcept;

inline void logTrace(std::string_view logger, std::string_view message,
                     std::initializer_list<LogField> fields = {}) noexcept {
  logEvent(LogLevel::Trace, logger, message, fields);
}
inline void logDebug(std::string_view logger, std::string_view message,
                     std::initializer_list<LogField> fields = {}) noexcept {
  logEvent(LogLevel::Debug, logger, message, fields);
}
inline void logInfo(std::string_view logger, std::string_view message,
                    std::initializer_list<LogField> fields = {}) noexcept {
  logEvent(LogLevel::Info, logger, message, fields);
}
inline void logWarning(std::string_view logger, std::string_view message,
                       std::initializer_list<LogField> fields = {}) noexcept {
  logEvent(LogLevel::Warning, logger, message, fields);
}
inline void logError(std::string_view logger, std::string_view message,
                     std::initializer_list<LogField> fields = {}) noexcept {
  logEvent(LogLevel::Error, logger, message, fields);
}
inline void logCritical(std::string_view logger, std::string_view message,
                        std::initializer_list<LogField> fields = {}) noexcept {
  logEvent(LogLevel::Critical, logger, message, fields);
}

// Receives each complete line, newline included, instead of stderr; calls are serialised, so
// the sink need not be thread-safe. An empty function restores stderr. Meant for tests and
// benchmarks.
using LogSink = std::function<void(std::string_view line)>;
void setLogSink(LogSink sink);

}  // namespace orchestra::observability
