// A JSON document held compactly, and read-only views into it with the accessors the host's
// services use. RapidJSON underneath: 16 bytes a value, where Poco::JSON's document costs up to
// ~1 KiB (an object alone allocates ~900 bytes); tests/bench/json_dom_bench.cpp has the figures
// that chose it. Only <rapidjson/fwd.h> is seen here, so includers do not compile RapidJSON.
#pragma once

#include <rapidjson/fwd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace orchestra::text {

enum class JsonType : std::uint8_t { Null, Boolean, Number, String, Array, Object };

// Reading a value as a type it does not hold: a bug in the caller, since request bodies are
// validated against their schema before a handler reads them.
class JsonTypeError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// One value inside a JsonDocument (which must outlive the view), or an absent member. Lookups
// by name find the last member of that name, as Poco::JSON and JavaScript's JSON.parse do.
class JsonView {
 public:
  JsonView() = default;
  explicit JsonView(const rapidjson::Value* value) : value_(value) {}

  bool exists() const { return value_ != nullptr; }
  JsonType type() const;  // an absent value reads as Null
  bool isNull() const { return type() == JsonType::Null; }
  bool isObject() const { return type() == JsonType::Object; }
  bool isArray() const { return type() == JsonType::Array; }
  bool isString() const { return type() == JsonType::String; }
  bool isBoolean() const { return type() == JsonType::Boolean; }
  bool isNumber() const { return type() == JsonType::Number; }
  bool isInteger() const;  // a number held exactly as a 64-bit signed integer

  // Objects. `has` counts a member that is null; `isNull` is true for absent and null alike.
  bool has(std::string_view name) const;
  bool isNull(std::string_view name) const { return get(name).isNull(); }
  JsonView get(std::string_view name) const;  // absent when there is no such member
  template <typename T>
  T getValue(std::string_view name) const {
    return get(name).as<T>();
  }
  // As Poco's: an absent member, null or another type gives the fallback.
  template <typename T>
  T optValue(std::string_view name, T fallback) const {
    const JsonView member = get(name);
    return member.holds<T>() ? member.as<T>() : fallback;
  }

  // Arrays and objects: elements or members, in document order (0 for anything else).
  std::size_t size() const;
  JsonView at(std::size_t index) const;  // an element of an array
  template <typename T>
  T getElement(std::size_t index) const {
    return at(index).as<T>();
  }
  std::string_view keyAt(std::size_t index) const;  // a member's name, of an object
  JsonView valueAt(std::size_t index) const;        // a member's value, of an object

  // The value as a C++ type: std::string, std::string_view, bool, std::int64_t, int, double.
  // Throws JsonTypeError for another type (an integer that does not fit, too).
  template <typename T>
  T as() const;
  // Whether as<T>() would succeed.
  template <typename T>
  bool holds() const;

  const rapidjson::Value* raw() const { return value_; }

 private:
  const rapidjson::Value* value_ = nullptr;
};

template <>
std::string_view JsonView::as<std::string_view>() const;
template <>
std::string JsonView::as<std::string>() const;
template <>
bool JsonView::as<bool>() const;
template <>
std::int64_t JsonView::as<std::int64_t>() const;
template <>
int JsonView::as<int>() const;
template <>
double JsonView::as<double>() const;
template <>
bool JsonView::holds<std::string_view>() const;
template <>
bool JsonView::holds<std::string>() const;
template <>
bool JsonView::holds<bool>() const;
template <>
bool JsonView::holds<std::int64_t>() const;
template <>
bool JsonView::holds<int>() const;
template <>
bool JsonView::holds<double>() const;

// Owns one parsed document. Parsing is iterative (deep nesting cannot exhaust the stack), checks
// UTF-8 and keeps every number exactly as far as int64/uint64/double allow.
class JsonDocument {
 public:
  JsonDocument();
  ~JsonDocument();
  JsonDocument(JsonDocument&&) noexcept;
  JsonDocument& operator=(JsonDocument&&) noexcept;

  // Nullopt when `text` is not exactly one JSON value, or nests deeper than `max_depth` (the
  // views and the writer recurse; a limit keeps that within any thread's stack).
  static std::optional<JsonDocument> parse(std::string_view text,
                                           std::size_t max_depth = kMaxDocumentDepth);
  static constexpr std::size_t kMaxDocumentDepth = 512;
  // A deep copy of `value` (of another document), to edit without touching the original; an
  // absent value copies as null.
  static JsonDocument copyOf(JsonView value);

  JsonView root() const;
  // For edits in place (filling a schema's defaults into a request body).
  rapidjson::Document& document() { return *document_; }
  const rapidjson::Document& document() const { return *document_; }

 private:
  std::unique_ptr<rapidjson::Document> document_;
};

// A view of one shared empty object: what an absent params or arguments object reads as.
JsonView emptyJsonObject();

// The value as compact JSON text, members in document order (JsonWriter::value writes the same).
std::string toJson(JsonView value);
// The same with every object's members sorted by name (of a repeated name, the last): equal
// values give equal text whatever order their members came in.
std::string toCanonicalJson(JsonView value);
// A 64-bit hash of the value read in that same canonical order, without building the text:
// values with equal canonical JSON hash equal (FNV-1a; not for adversarial or security use).
std::uint64_t canonicalJsonHash(JsonView value);

}  // namespace orchestra::text
