#include "host/schema/JsonPointer.hpp"

#include "host/text/PercentDecoding.hpp"

namespace orchestra::schema {

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
  auto pointer = text::percentDecode(reference.substr(1));
  if (!pointer || !pointerSegments(*pointer)) return std::nullopt;
  return pointer;
}

}  // namespace orchestra::schema
