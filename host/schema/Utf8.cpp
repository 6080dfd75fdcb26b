#include "host/schema/Utf8.hpp"

namespace orchestra::schema {

std::size_t codePointCount(std::string_view text) noexcept {
  std::size_t count = 0;
  for (const char character : text) {
    // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(character) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

}  // namespace orchestra::schema
