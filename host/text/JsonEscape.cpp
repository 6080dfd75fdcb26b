#include "host/text/JsonEscape.hpp"

#include <cstdint>

namespace orchestra::text {
namespace {

constexpr std::string_view kReplacementCharacter = "\\ufffd";

// Length of the well-formed UTF-8 sequence starting at text[0] (Unicode table 3-7), or 0.
std::size_t validUtf8SequenceLength(std::string_view text) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const auto continuation = [&](std::size_t i, std::uint8_t low = 0x80, std::uint8_t high = 0xBF) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  const std::uint8_t lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const std::uint8_t low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    const std::uint8_t high = lead == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const std::uint8_t low = lead == 0xF0 ? 0x90 : 0x80;   // no overlong forms
    const std::uint8_t high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

void appendControlCharacter(std::string& out, unsigned char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default: {
      constexpr std::string_view kHexDigits = "0123456789abcdef";
      out += "\\u00";
      out += kHexDigits[c >> 4];
      out += kHexDigits[c & 0x0F];
    }
  }
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy the longest run that needs no escaping in one append.
    std::size_t run_end = i;
    while (run_end < text.size()) {
      const auto c = static_cast<unsigned char>(text[run_end]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run_end;
    }
    out.append(text, i, run_end - i);
    i = run_end;
    if (i == text.size()) break;

    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      appendControlCharacter(out, c);
      ++i;
    } else if (const std::size_t length = validUtf8SequenceLength(text.substr(i)); length > 0) {
      out.append(text, i, length);
      i += length;
    } else {
      out += kReplacementCharacter;
      ++i;
    }
  }
  out += '"';
}

std::string jsonQuote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  appendJsonString(quoted, text);
  return quoted;
}

}  // namespace orchestra::text
