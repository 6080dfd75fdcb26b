#include "host/text/Excerpt.hpp"

namespace orchestra::text {

namespace {
bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}
}  // namespace

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Back up to the start of the sequence the cut falls in, so the excerpt stays valid UTF-8.
  while (end > 0 && isContinuationByte(text[end])) {
    --end;
  }
  std::string out(text.substr(0, end));
  out += "\u2026";
  return out;
}

}  // namespace orchestra::text
