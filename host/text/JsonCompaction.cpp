#include "host/text/JsonCompaction.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "host/text/JsonWriter.hpp"

namespace orchestra::text {

namespace {

// RapidJSON's SAX events, written through JsonWriter (the host's one serialiser). A false
// return stops the reader, which then reports kParseErrorTermination; `stopped_by` says why.
// RapidJSON's SAX interface names the handler's methods.
// NOLINTBEGIN(readability-identifier-naming)
class CompactingHandler {
 public:
  CompactingHandler(const JsonCompactionLimits& limits, JsonWriter& writer)
      : limits_(limits), writer_(writer) {}

  bool Null() { return counted() && (writer_.null(), true); }
  bool Bool(bool flag) { return counted() && (writer_.value(flag), true); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    return counted() && (writer_.rawValue(std::string_view(text, length)), true);
  }
  bool String(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    return counted() && (writer_.value(std::string_view(text, length)), true);
  }
  bool Key(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    writer_.key(std::string_view(text, length));
    return true;
  }
  bool StartObject() { return opened() && (writer_.beginObject(), true); }
  bool EndObject(rapidjson::SizeType /*members*/) {
    --depth_;
    writer_.endObject();
    return true;
  }
  bool StartArray() { return opened() && (writer_.beginArray(), true); }
  bool EndArray(rapidjson::SizeType /*elements*/) {
    --depth_;
    writer_.endArray();
    return true;
  }
  // kParseNumbersAsStringsFlag sends every number to RawNumber; these are never called.
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }

  JsonCompaction stoppedBy() const { return stopped_by_; }

 private:
  bool counted() {
    if (++values_ <= limits_.max_values) return true;
    stopped_by_ = JsonCompaction::kTooManyValues;
    return false;
  }
  bool opened() {
    if (!counted()) return false;
    if (++depth_ <= limits_.max_depth) return true;
    stopped_by_ = JsonCompaction::kTooDeep;
    return false;
  }

  const JsonCompactionLimits& limits_;
  JsonWriter& writer_;
  std::size_t values_ = 0;
  std::size_t depth_ = 0;
  JsonCompaction stopped_by_ = JsonCompaction::kNotJson;
};
// NOLINTEND(readability-identifier-naming)

}  // namespace

JsonCompaction appendCompactJson(std::string_view json, const JsonCompactionLimits& limits,
                                 std::string& out) {
  // Written aside first: a failure part-way must leave `out` as it was.
  JsonWriter writer(json.size());
  CompactingHandler handler(limits, writer);
  rapidjson::MemoryStream stream(json.data(), json.size());
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseValidateEncodingFlag;
  const rapidjson::ParseResult parsed = reader.Parse<kFlags>(stream, handler);
  if (parsed.IsError()) {
    return parsed.Code() == rapidjson::kParseErrorTermination ? handler.stoppedBy()
                                                              : JsonCompaction::kNotJson;
  }
  // The reader takes a NUL byte for the end of its input; a body with one after a value
  // (`{}\0...`) would otherwise pass with its tail ignored.
  if (stream.Tell() != json.size()) return JsonCompaction::kNotJson;
  out += writer.text();
  return JsonCompaction::kWritten;
}

}  // namespace orchestra::text
