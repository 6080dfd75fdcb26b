#include "host/schema/JsonPointer.hpp"

namespace orchestra::schema {

namespace {

int hexDigitValue(char character) {
  if (character >= '0' && character <= '9') return character - '0';
  if (character >= 'a' && character <= 'f') return character - 'a' + 10;
  if (character >= 'A' && character <= 'F') return character - 'A' + 10;
  return -1;
}

std::optional<std::string> percentDecoded(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hexDigitValue(text[i + 1]);
    const int low = hexDigitValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return decoded;
}

}  // namespace

void appendPointerSegment(std::string& pointer, std::string_view segment) {
  pointer += '/';
  for (const char character : segment) {
    if (character == '~') {
      pointer += "~0";
    } else if (character == '/') {
      pointer += "~1";
    } else {
      pointer += character;
    }
  }
}

std::optional<std::vector<std::string>> pointerSegments(std::string_view pointer) {
  std::vector<std::string> segments;
  if (pointer.empty()) return segments;
  if (pointer.front() != '/') return std::nullopt;
  std::string segment;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      segments.push_back(std::move(segment));
      segment.clear();
      continue;
    }
    if (pointer[i] != '~') {
      segment += pointer[i];
      continue;
    }
    if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
      return std::nullopt;
    }
    segment += pointer[i + 1] == '0' ? '~' : '/';
    ++i;
  }
  return segments;
}

std::optional<std::string> localReferencePointer(std::string_view reference) {
  if (reference.empty() || reference.front() != '#') return std::nullopt;
  auto pointer = percentDecoded(reference.substr(1));
  if (!pointer || !pointerSegments(*pointer)) return std::nullopt;
  return pointer;
}

}  // namespace orchestra::schema
