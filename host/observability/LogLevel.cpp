#include "host/observability/LogLevel.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace orchestra::observability {
namespace {

constexpr std::array<std::pair<std::string_view, LogLevel>, 7> kNames{{
    {"trace", LogLevel::Trace},
    {"debug", LogLevel::Debug},
    {"info", LogLevel::Info},
    {"warning", LogLevel::Warning},
    {"warn", LogLevel::Warning},
    {"error", LogLevel::Error},
    {"critical", LogLevel::Critical},
}};

bool equalsIgnoringCase(std::string_view text, std::string_view lower_case) noexcept {
  return std::equal(
      text.begin(), text.end(), lower_case.begin(), lower_case.end(), [](char left, char right) {
        const char lowered =
            (left >= 'A' && left <= 'Z') ? static_cast<char>(left + ('a' - 'A')) : left;
        return lowered == right;
      });
}

}  // namespace

std::string_view logLevelName(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::Trace:
      return "TRACE";
    case LogLevel::Debug:
      return "DEBUG";
    case LogLevel::Info:
      return "INFO";
    case LogLevel::Warning:
      return "WARNING";
    case LogLevel::Error:
      return "ERROR";
    case LogLevel::Critical:
      return "CRITICAL";
  }
  return "UNKNOWN";
}

std::optional<LogLevel> parseLogLevel(std::string_view text) noexcept {
  for (const auto& [name, level] : kNames) {
    if (equalsIgnoringCase(text, name)) return level;
  }
  return std::nullopt;
}

}  // namespace orchestra::observability
