#include "host/observability/PrometheusText.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace orchestra::observability {
namespace {

bool isAsciiLetter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAsciiDigit(char c) noexcept {
  return c >= '0' && c <= '9';
}

void appendChars(std::string& out, double value, std::chars_format format) {
  // 24 characters hold any shortest scientific double; fixed notation is only used where
  // |value| < 1e21, i.e. at most 22 integer digits plus a fraction of at most 17 + 4 digits.
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format);
  out.append(buffer.data(), result.ptr);
}

}  // namespace

std::string_view metricTypeName(MetricType type) noexcept {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
  }
  return "untyped";
}

bool isValidMetricName(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool allowed = isAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && isAsciiDigit(c));
    if (!allowed) return false;
  }
  return true;
}

bool isValidLabelName(std::string_view name) noexcept {
  if (name.empty() || name.starts_with("__")) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool allowed = isAsciiLetter(c) || c == '_' || (i > 0 && isAsciiDigit(c));
    if (!allowed) return false;
  }
  return true;
}

void appendEscapedHelp(std::string& out, std::string_view help) {
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void appendEscapedLabelValue(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

void appendSampleValue(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else if (value == 0.0) {
    out += '0';  // also for -0.0, which would otherwise print as "-0"
  } else if (const double magnitude = std::fabs(value); magnitude >= 1e-4 && magnitude < 1e21) {
    appendChars(out, value, std::chars_format::fixed);
  } else {
    appendChars(out, value, std::chars_format::scientific);
  }
}

void appendFamilyHeader(std::string& out, std::string_view name, std::string_view help,
                        MetricType type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  appendEscapedHelp(out, help);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += metricTypeName(type);
  out += '\n';
}

void appendSampleLine(std::string& out, std::string_view name, std::string_view suffix,
                      std::string_view labels, double value) {
  out += name;
  out += suffix;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  appendSampleValue(out, value);
  out += '\n';
}

}  // namespace orchestra::observability
