// The "format" values the validator can check (email, uri, date-time, uuid, ipv4, hostname and a
// few more), each hand-written to its RFC so checking costs no regex and no allocation.
#pragma once

#include <cstdint>
#include <string_view>

namespace orchestra::schema {

enum class Format : std::uint8_t {
  Unknown,  // any other name: an annotation only, as the specification says
  Email,
  Hostname,
  Ipv4,
  Ipv6,
  Uri,
  UriReference,
  DateTime,
  Date,
  Time,
  Uuid,
  JsonPointer,
  Regex,
};

Format formatNamed(std::string_view name) noexcept;

// Whether `text` is in `format`; always true for Format::Unknown.
bool conformsTo(Format format, std::string_view text);

// For "must be <this>": "a valid email address", "a valid date-time (RFC 3339)", ...
std::string_view formatDescription(Format format) noexcept;

}  // namespace orchestra::schema
