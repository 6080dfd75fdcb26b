#include "host/store/Timestamp.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <cctype>

namespace orchestra::store {
namespace {

bool digitsAt(std::string_view text, std::size_t position, std::size_t count) {
  if (position + count > text.size()) return false;
  for (std::size_t i = position; i < position + count; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return false;
  }
  return true;
}

}  // namespace

std::string normalizeTimestamp(std::string_view text) {
  // 'YYYY-MM-DD?HH:MM:SS' is 19 characters; everything after it is an optional fraction and an
  // optional UTC designator.
  const bool shape_ok = text.size() >= 19 && digitsAt(text, 0, 4) && text[4] == '-' &&
                        digitsAt(text, 5, 2) && text[7] == '-' && digitsAt(text, 8, 2) &&
                        (text[10] == 'T' || text[10] == ' ') && digitsAt(text, 11, 2) &&
                        text[13] == ':' && digitsAt(text, 14, 2) && text[16] == ':' &&
                        digitsAt(text, 17, 2);
  if (!shape_ok) return std::string(text);
  std::size_t position = 19;
  std::string milliseconds = "000";
  if (position < text.size() && text[position] == '.') {
    ++position;
    std::size_t taken = 0;
    while (position < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[position])) != 0) {
      if (taken < 3) milliseconds[taken] = text[position];
      ++taken;
      ++position;
    }
  }
  const std::string_view zone = text.substr(position);
  if (!(zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00")) {
    return std::string(text);
  }
  std::string out(text.substr(0, 19));
  out[10] = 'T';
  out += '.';
  out += milliseconds;
  out += 'Z';
  return out;
}

std::string utcNowTimestamp() {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::string utcTimestampFromNow(std::int64_t seconds) {
  Poco::Timestamp when;
  when += seconds * Poco::Timestamp::resolution();
  return Poco::DateTimeFormatter::format(when, "%Y-%m-%dT%H:%M:%S.%iZ");
}

}  // namespace orchestra::store
