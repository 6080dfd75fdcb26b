#include "host/observability/LogLine.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "host/text/JsonEscape.hpp"

namespace orchestra::observability {
namespace {

void appendPadded(std::string& out, long value, int width) {
  std::array<char, 24> digits{};
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  const auto length = static_cast<int>(result.ptr - digits.data());
  for (int pad = length; pad < width; ++pad)
    out += '0';
  out.append(digits.data(), result.ptr);
}

template <typename Number>
void appendNumber(std::string& out, Number value) {
  std::array<char, 32> digits{};
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  out.append(digits.data(), result.ptr);
}

void appendFieldValue(std::string& out, const LogField& field) {
  switch (field.kind()) {
    case LogField::Kind::String:
      text::appendJsonString(out, field.stringValue());
      return;
    case LogField::Kind::Signed:
      appendNumber(out, field.signedValue());
      return;
    case LogField::Kind::Unsigned:
      appendNumber(out, field.unsignedValue());
      return;
    case LogField::Kind::Double:
      if (std::isfinite(field.doubleValue())) {
        appendNumber(out, field.doubleValue());
      } else {
        out += "null";
      }
      return;
    case LogField::Kind::Bool:
      out += field.boolValue() ? "true" : "false";
      return;
  }
}

}  // namespace

void appendIsoTimestamp(std::string& out, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto milliseconds_since_epoch = floor<milliseconds>(time);
  const auto day = floor<days>(milliseconds_since_epoch);
  const year_month_day date{day};
  const hh_mm_ss clock{milliseconds_since_epoch - day};
  appendPadded(out, static_cast<int>(date.year()), 4);
  out += '-';
  appendPadded(out, static_cast<long>(static_cast<unsigned>(date.month())), 2);
  out += '-';
  appendPadded(out, static_cast<long>(static_cast<unsigned>(date.day())), 2);
  out += 'T';
  appendPadded(out, clock.hours().count(), 2);
  out += ':';
  appendPadded(out, clock.minutes().count(), 2);
  out += ':';
  appendPadded(out, static_cast<long>(clock.seconds().count()), 2);
  out += '.';
  appendPadded(out, static_cast<long>(clock.subseconds().count()), 3);
  out += 'Z';
}

void appendLogLine(std::string& out, std::chrono::system_clock::time_point time, LogLevel level,
                   std::string_view logger, std::string_view message,
                   std::span<const LogField> fields) {
  out += R"({"timestamp":")";
  appendIsoTimestamp(out, time);
  out += R"(","level":")";
  out += logLevelName(level);
  out += R"(","logger":)";
  text::appendJsonString(out, logger);
  out += R"(,"message":)";
  text::appendJsonString(out, message);
  for (const LogField& field : fields) {
    out += ',';
    text::appendJsonString(out, field.key());
    out += ':';
    appendFieldValue(out, field);
  }
  out += "}\n";
}

}  // namespace orchestra::observability
