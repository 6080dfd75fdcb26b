#include "JsonPath.hpp"

#include <optional>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

std::optional<size_t> arrayIndex(const std::string& segment) {
  if (segment.empty() || segment.size() > 9) return std::nullopt;
  size_t index = 0;
  for (char c : segment) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

}  // namespace

JsonPath JsonPath::parse(std::string_view text) {
  JsonPath path;
  path.text_ = std::string(text);
  if (text.empty()) throw Error::validation("a path must not be empty");
  std::string segment;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      segment += text[++i];
    } else if (c == '.') {
      path.segments_.push_back(std::move(segment));
      segment.clear();
    } else {
      segment += c;
    }
  }
  path.segments_.push_back(std::move(segment));
  for (const std::string& part : path.segments_) {
    if (part.empty()) throw Error::validation("path '" + path.text_ + "' has an empty segment");
  }
  if (path.segments_.size() > kMaxSegments) {
    throw Error::validation("path '" + path.text_ + "' is deeper than " +
                            std::to_string(kMaxSegments) + " segments");
  }
  return path;
}

const Json* JsonPath::find(const Json& root) const {
  const Json* current = &root;
  for (const std::string& segment : segments_) {
    if (current->isObject()) {
      current = current->find(segment);
    } else if (current->isArray()) {
      std::optional<size_t> index = arrayIndex(segment);
      const Json::Array& items = current->asArray();
      current = index && *index < items.size() ? &items[*index] : nullptr;
    } else {
      return nullptr;
    }
    if (current == nullptr) return nullptr;
  }
  return current;
}

void JsonPath::assign(Json& root, Json value) const {
  Json* current = &root;
  for (const std::string& segment : segments_) {
    if (current->isArray()) {
      std::optional<size_t> index = arrayIndex(segment);
      Json::Array& items = current->asArray();
      if (!index || *index > items.size()) {
        throw Error::validation("path '" + text_ + "': '" + segment +
                                "' is not an index within the array");
      }
      if (*index == items.size()) items.emplace_back();
      current = &items[*index];
    } else if (current->isObject() || current->isNull()) {
      current = &(*current)[segment];
    } else {
      throw Error::validation("path '" + text_ + "': cannot set '" + segment +
                              "' inside a scalar value");
    }
  }
  *current = std::move(value);
}

}  // namespace orchestra::plugins::core
