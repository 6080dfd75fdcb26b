#include "host/workflows/InputSchemaCheck.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <optional>

#include "host/schema/Schema.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::workflows {

namespace {

// Reads the settings' top-level "input_schema" member out as text, skipping the rest without
// building anything: the studio may keep megabytes of its own state in the settings, and the
// request that saves them already holds them once as a document.
// RapidJSON's SAX interface names the handler's methods.
// NOLINTBEGIN(readability-identifier-naming)
class InputSchemaExtractor {
 public:
  bool Null() {
    return scalar([](text::JsonWriter& json) { json.null(); });
  }
  bool Bool(bool flag) {
    return scalar([flag](text::JsonWriter& json) { json.value(flag); });
  }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    return scalar([&](text::JsonWriter& json) { json.rawValue(std::string_view(text, length)); });
  }
  bool String(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    return scalar([&](text::JsonWriter& json) { json.value(std::string_view(text, length)); });
  }
  bool Key(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    const std::string_view name(text, length);
    if (capturing_) {
      schema_.key(name);
    } else if (depth_ == 1) {
      next_is_schema_ = name == "input_schema";
    }
    return true;
  }
  bool StartObject() {
    return open([](text::JsonWriter& json) { json.beginObject(); });
  }
  bool EndObject(rapidjson::SizeType /*members*/) {
    return close([](text::JsonWriter& json) { json.endObject(); });
  }
  bool StartArray() {
    return open([](text::JsonWriter& json) { json.beginArray(); });
  }
  bool EndArray(rapidjson::SizeType /*elements*/) {
    return close([](text::JsonWriter& json) { json.endArray(); });
  }
  // kParseNumbersAsStringsFlag sends every number to RawNumber.
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }

  // The member's text once the reader is done; nullopt when the settings have none.
  std::optional<std::string> take() && {
    if (!found_) return std::nullopt;
    return std::move(schema_).finish();
  }

 private:
  template <typename Write>
  bool scalar(const Write& write) {
    if (capturing_) {
      write(schema_);
    } else if (depth_ == 1 && next_is_schema_) {
      startCapture();
      write(schema_);
    }
    next_is_schema_ = false;
    return true;
  }
  template <typename Write>
  bool open(const Write& write) {
    if (!capturing_ && depth_ == 1 && next_is_schema_) {
      startCapture();
      capturing_ = true;
      capture_depth_ = depth_ + 1;
    }
    next_is_schema_ = false;
    ++depth_;
    if (capturing_) write(schema_);
    return true;
  }
  template <typename Write>
  bool close(const Write& write) {
    if (capturing_) write(schema_);
    if (capturing_ && depth_ == capture_depth_) capturing_ = false;
    --depth_;
    return true;
  }

  // A name given twice counts once, as its last member (as everywhere else).
  void startCapture() {
    schema_ = text::JsonWriter();
    found_ = true;
  }

  text::JsonWriter schema_;
  std::size_t depth_ = 0;
  std::size_t capture_depth_ = 0;
  bool next_is_schema_ = false;
  bool capturing_ = false;
  bool found_ = false;
};
// NOLINTEND(readability-identifier-naming)

}  // namespace

std::vector<errors::ValidationIssue> checkInputSchema(const std::string& settings_json,
                                                      const std::vector<std::string>& loc_prefix) {
  InputSchemaExtractor extractor;
  rapidjson::MemoryStream stream(settings_json.data(), settings_json.size());
  rapidjson::Reader reader;
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  // Settings that do not parse are the route schema's business.
  if (reader.Parse<kFlags>(stream, extractor).IsError()) return {};
  const std::optional<std::string> schema_json = std::move(extractor).take();
  if (!schema_json) return {};
  std::vector<std::string> loc = loc_prefix;
  loc.insert(loc.end(), {"settings", "input_schema"});
  const auto schema = text::JsonDocument::parse(*schema_json);
  if (!schema || !schema->root().isObject() ||
      schema->root().optValue<std::string>("type", "") != "object") {
    return {{loc, R"(input_schema must be a JSON Schema with "type": "object")", "value_error"}};
  }
  try {
    schema::Schema::compile(*schema_json);
  } catch (const schema::SchemaError& error) {
    return {{loc, error.what(), "value_error"}};
  }
  return {};
}

}  // namespace orchestra::workflows
