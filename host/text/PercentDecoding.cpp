#include "host/text/PercentDecoding.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>

namespace orchestra::text {

std::optional<std::string> percentDecode(std::string_view text, bool plus_as_space) {
  std::string encoded(text);
  // Poco 1.11's decode ignores its plus-as-space flag; a literal '+' in a query is encoded as
  // %2B, so replacing before decoding is exact.
  if (plus_as_space) std::replace(encoded.begin(), encoded.end(), '+', ' ');
  if (encoded.find('%') == std::string::npos) return encoded;
  std::string decoded;
  try {
    Poco::URI::decode(encoded, decoded);
  } catch (const Poco::SyntaxException&) {
    return std::nullopt;
  }
  return decoded;
}

}  // namespace orchestra::text
