#include "host/schema/Formats.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <string>
#include <utility>

namespace orchestra::schema {

namespace {

constexpr std::size_t kMaxHostnameBytes = 253;
constexpr std::size_t kMaxHostnameLabelBytes = 63;
constexpr std::size_t kMaxEmailLocalPartBytes = 64;

bool isAsciiDigit(char character) {
  return character >= '0' && character <= '9';
}
bool isAsciiAlpha(char character) {
  return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
}
bool isHexDigit(char character) {
  return isAsciiDigit(character) || (character >= 'a' && character <= 'f') ||
         (character >= 'A' && character <= 'F');
}
bool isAlphaNumeric(char character) {
  return isAsciiAlpha(character) || isAsciiDigit(character);
}

bool isUnreserved(char character) {
  return isAlphaNumeric(character) ||
         std::string_view("-._~").find(character) != std::string_view::npos;
}
bool isSubDelimiter(char character) {
  return std::string_view("!$&'()*+,;=").find(character) != std::string_view::npos;
}

// Digits only, 1 to `max_digits` of them, read into `value`.
bool readDigits(std::string_view text, std::size_t max_digits, int& value) {
  if (text.empty() || text.size() > max_digits) return false;
  value = 0;
  for (const char character : text) {
    if (!isAsciiDigit(character)) return false;
    value = value * 10 + (character - '0');
  }
  return true;
}

bool isHostnameLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxHostnameLabelBytes) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char character) { return isAlphaNumeric(character) || character == '-'; });
}

bool isHostname(std::string_view text) {
  if (text.empty() || text.size() > kMaxHostnameBytes) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    if (!isHostnameLabel(text.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool isIpv4(std::string_view text) {
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot - start);
    int value = 0;
    // A leading zero would be octal to some parsers and decimal to others: refused.
    if (!readDigits(part, 3, value) || value > 255 || (part.size() > 1 && part.front() == '0')) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

bool isIpv6(std::string_view text) {
  if (text.size() < 2) return false;
  int groups = 0;
  bool compressed = false;
  std::size_t position = 0;
  if (text.substr(0, 2) == "::") {
    compressed = true;
    position = 2;
    if (position == text.size()) return true;
  } else if (text.front() == ':') {
    return false;
  }
  while (position < text.size()) {
    const std::size_t colon = text.find(':', position);
    const std::string_view group = text.substr(position, colon - position);
    if (colon == std::string_view::npos && group.find('.') != std::string_view::npos) {
      // An embedded IPv4 address stands for the last two groups.
      if (!isIpv4(group)) return false;
      groups += 2;
      break;
    }
    if (group.empty() || group.size() > 4 || !std::all_of(group.begin(), group.end(), isHexDigit)) {
      return false;
    }
    ++groups;
    if (colon == std::string_view::npos) break;
    if (colon + 1 == text.size()) return false;  // a single trailing ':'
    if (text[colon + 1] == ':') {
      if (compressed) return false;
      compressed = true;
      position = colon + 2;
      if (position == text.size()) break;
    } else {
      position = colon + 1;
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

bool isLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool isFullDate(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!readDigits(text.substr(0, 4), 4, year) || !readDigits(text.substr(5, 2), 2, month) ||
      !readDigits(text.substr(8, 2), 2, day)) {
    return false;
  }
  constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int days =
      kDaysInMonth[static_cast<std::size_t>(month - 1)] + (month == 2 && isLeapYear(year) ? 1 : 0);
  return day <= days;
}

// RFC 3339 full-time: HH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); a leap second only at 23:59 UTC.
bool isFullTime(std::string_view text) {
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 9 || text[2] != ':' || text[5] != ':') return false;
  if (!readDigits(text.substr(0, 2), 2, hour) || !readDigits(text.substr(3, 2), 2, minute) ||
      !readDigits(text.substr(6, 2), 2, second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 60) return false;
  std::size_t position = 8;
  if (text[position] == '.') {
    const std::size_t fraction_start = ++position;
    while (position < text.size() && isAsciiDigit(text[position]))
      ++position;
    if (position == fraction_start) return false;
  }
  const std::string_view offset = text.substr(position);
  int offset_minutes = 0;
  if (offset == "Z" || offset == "z") {
    offset_minutes = 0;
  } else {
    int offset_hour = 0;
    int offset_minute = 0;
    if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':' ||
        !readDigits(offset.substr(1, 2), 2, offset_hour) ||
        !readDigits(offset.substr(4, 2), 2, offset_minute) || offset_hour > 23 ||
        offset_minute > 59) {
      return false;
    }
    offset_minutes = (offset_hour * 60 + offset_minute) * (offset[0] == '+' ? 1 : -1);
  }
  if (second == 60) {
    constexpr int kMinutesPerDay = 24 * 60;
    const int utc_minutes =
        ((hour * 60 + minute - offset_minutes) % kMinutesPerDay + kMinutesPerDay) % kMinutesPerDay;
    return utc_minutes == 23 * 60 + 59;
  }
  return true;
}

bool isDateTime(std::string_view text) {
  if (text.size() < 11 || (text[10] != 'T' && text[10] != 't')) return false;
  return isFullDate(text.substr(0, 10)) && isFullTime(text.substr(11));
}

bool isUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool hyphen_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen_position ? text[i] != '-' : !isHexDigit(text[i])) return false;
  }
  return true;
}

// Characters allowed in a URI component besides unreserved ones and %HH escapes.
bool isUriText(std::string_view text, std::string_view extra_allowed) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char character = text[i];
    if (character == '%') {
      if (i + 2 >= text.size() || !isHexDigit(text[i + 1]) || !isHexDigit(text[i + 2])) {
        return false;
      }
      i += 2;
    } else if (!isUnreserved(character) && !isSubDelimiter(character) &&
               extra_allowed.find(character) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool isUriHost(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    if (host.back() != ']') return false;
    const std::string_view literal = host.substr(1, host.size() - 2);
    return isIpv6(literal) || (!literal.empty() && (literal[0] == 'v' || literal[0] == 'V') &&
                               isUriText(literal.substr(1), ":."));
  }
  return isUriText(host, "");  // a reg-name: unreserved, sub-delims and escapes
}

bool isAuthority(std::string_view authority) {
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    if (!isUriText(authority.substr(0, at), ":")) return false;
    authority.remove_prefix(at + 1);
  }
  // The port follows the last ':' that is outside an IPv6 literal.
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const std::string_view port = authority.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), isAsciiDigit)) return false;
    authority = authority.substr(0, colon);
  }
  return isUriHost(authority);
}

// hier-part or relative-part, then optional "?query" and "#fragment".
bool isUriTail(std::string_view text, bool relative) {
  const std::size_t hash = text.find('#');
  if (hash != std::string_view::npos) {
    if (!isUriText(text.substr(hash + 1), ":@/?")) return false;
    text = text.substr(0, hash);
  }
  const std::size_t question = text.find('?');
  if (question != std::string_view::npos) {
    if (!isUriText(text.substr(question + 1), ":@/?")) return false;
    text = text.substr(0, question);
  }
  if (text.substr(0, 2) == "//") {
    const std::size_t path_start = text.find('/', 2);
    if (!isAuthority(text.substr(2, path_start - 2))) return false;
    text = path_start == std::string_view::npos ? std::string_view() : text.substr(path_start);
  } else if (relative && text.substr(0, text.find('/')).find(':') != std::string_view::npos) {
    return false;  // a relative path's first segment cannot hold ':' (it would read as a scheme)
  }
  return isUriText(text, ":@/");
}

bool isUri(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || !isAsciiAlpha(text.front())) return false;
  const std::string_view scheme = text.substr(0, colon);
  if (!std::all_of(scheme.begin(), scheme.end(), [](char character) {
        return isAlphaNumeric(character) || character == '+' || character == '-' ||
               character == '.';
      })) {
    return false;
  }
  return isUriTail(text.substr(colon + 1), false);
}

bool isUriReference(std::string_view text) {
  return isUri(text) || isUriTail(text, true);
}

bool isDotAtom(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  if (text.find("..") != std::string_view::npos) return false;
  return std::all_of(text.begin(), text.end(), [](char character) {
    return isAlphaNumeric(character) || character == '.' ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(character) != std::string_view::npos;
  });
}

bool isPrintableAscii(unsigned char character) {
  return character >= 0x20 && character <= 0x7E;
}

// RFC 5321's quoted string: printable ASCII, with a backslash escaping printable ASCII only. An
// escaped CR, LF or NUL would otherwise reach the mail's To: header (header injection).
bool isQuotedLocalPart(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    const auto character = static_cast<unsigned char>(text[i]);
    if (character == '\\') {
      if (++i + 1 >= text.size()) return false;
      if (!isPrintableAscii(static_cast<unsigned char>(text[i]))) return false;
    } else if (character == '"' || !isPrintableAscii(character)) {
      return false;
    }
  }
  return true;
}

// ASCII only: internationalised domains must come as punycode (xn--...), so no invisible or
// bidirectional-override character can hide in an address shown to people or put in a header.
bool isEmail(std::string_view text) {
  const std::size_t at = text.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  if (local.size() > kMaxEmailLocalPartBytes) return false;
  if (!isDotAtom(local) && !isQuotedLocalPart(local)) return false;
  if (domain.size() > 2 && domain.front() == '[' && domain.back() == ']') {
    const std::string_view literal = domain.substr(1, domain.size() - 2);
    return isIpv4(literal) || (literal.substr(0, 5) == "IPv6:" && isIpv6(literal.substr(5)));
  }
  return isHostname(domain);
}

bool isJsonPointer(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() != '/') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '~' && (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

bool isRegex(std::string_view text) {
  try {
    [[maybe_unused]] const std::regex compiled(text.begin(), text.end(), std::regex::ECMAScript);
    return true;
  } catch (const std::regex_error&) {
    return false;
  }
}

struct FormatName {
  std::string_view name;
  Format format;
  std::string_view description;
};

constexpr std::array<FormatName, 12> kFormats = {{
    {"email", Format::Email, "a valid email address"},
    {"hostname", Format::Hostname, "a valid hostname"},
    {"ipv4", Format::Ipv4, "a valid IPv4 address"},
    {"ipv6", Format::Ipv6, "a valid IPv6 address"},
    {"uri", Format::Uri, "a valid URI"},
    {"uri-reference", Format::UriReference, "a valid URI reference"},
    {"date-time", Format::DateTime, "a valid date-time (RFC 3339, e.g. 2024-05-01T12:00:00Z)"},
    {"date", Format::Date, "a valid date (YYYY-MM-DD)"},
    {"time", Format::Time, "a valid time (RFC 3339, e.g. 12:00:00Z)"},
    {"uuid", Format::Uuid, "a valid UUID"},
    {"json-pointer", Format::JsonPointer, "a valid JSON pointer"},
    {"regex", Format::Regex, "a valid regular expression"},
}};

}  // namespace

Format formatNamed(std::string_view name) noexcept {
  for (const FormatName& entry : kFormats) {
    if (entry.name == name) return entry.format;
  }
  return Format::Unknown;
}

std::string_view formatDescription(Format format) noexcept {
  for (const FormatName& entry : kFormats) {
    if (entry.format == format) return entry.description;
  }
  return "in the expected format";
}

bool conformsTo(Format format, std::string_view text) {
  switch (format) {
    case Format::Unknown:
      return true;
    case Format::Email:
      return isEmail(text);
    case Format::Hostname:
      return isHostname(text);
    case Format::Ipv4:
      return isIpv4(text);
    case Format::Ipv6:
      return isIpv6(text);
    case Format::Uri:
      return isUri(text);
    case Format::UriReference:
      return isUriReference(text);
    case Format::DateTime:
      return isDateTime(text);
    case Format::Date:
      return isFullDate(text);
    case Format::Time:
      return isFullTime(text);
    case Format::Uuid:
      return isUuid(text);
    case Format::JsonPointer:
      return isJsonPointer(text);
    case Format::Regex:
      return isRegex(text);
  }
  return true;
}

}  // namespace orchestra::schema
