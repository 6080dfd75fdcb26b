#include "host/schema/DeferredValues.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>
#include <optional>

#include "host/schema/JsonPointer.hpp"

namespace orchestra::schema {

namespace {

// A pointer segment that names an array element: digits only, nothing after them.
std::optional<std::size_t> arrayIndex(const std::string& segment) {
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  if (error != std::errc() || end != segment.data() + segment.size()) return std::nullopt;
  return index;
}

}  // namespace

bool isDeferredValue(const Poco::Dynamic::Var& value) {
  return value.type() == typeid(std::string) && isDeferredText(value.extract<std::string>());
}

bool isDeferredText(std::string_view text) {
  return text.find("{{") != std::string_view::npos;
}

Poco::Dynamic::Var valueAtSegments(const Poco::Dynamic::Var& root,
                                   const std::vector<std::string>& segments) {
  Poco::Dynamic::Var current = root;
  for (const auto& segment : segments) {
    if (current.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto object = current.extract<Poco::JSON::Object::Ptr>();
      if (object.isNull() || !object->has(segment)) return {};
      current = object->get(segment);
    } else if (current.type() == typeid(Poco::JSON::Array::Ptr)) {
      const auto array = current.extract<Poco::JSON::Array::Ptr>();
      const std::optional<std::size_t> index = arrayIndex(segment);
      if (!index || array.isNull() || *index >= array->size()) return {};
      current = array->get(static_cast<unsigned>(*index));
    } else {
      return {};
    }
  }
  return current;
}

bool isIssueAtDeferredValue(const Poco::Dynamic::Var& instance, const ValidationIssue& issue) {
  const auto segments = pointerSegments(issue.instance_path);
  return segments && isDeferredValue(valueAtSegments(instance, *segments));
}

bool isIssueAtDeferredValue(text::JsonView instance, const ValidationIssue& issue) {
  const auto segments = pointerSegments(issue.instance_path);
  if (!segments) return false;
  text::JsonView current = instance;
  for (const auto& segment : *segments) {
    if (current.isObject()) {
      current = current.get(segment);
    } else if (current.isArray()) {
      const std::optional<std::size_t> index = arrayIndex(segment);
      if (!index || *index >= current.size()) return false;
      current = current.at(*index);
    } else {
      return false;
    }
  }
  return current.isString() && isDeferredText(current.as<std::string_view>());
}

}  // namespace orchestra::schema
