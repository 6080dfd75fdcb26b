#include "host/text/JsonDocument.hpp"

#include <rapidjson/document.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "host/text/JsonWriter.hpp"

namespace orchestra::text {

namespace {

// Passes the reader's events to the document, refusing nesting past a depth.
// RapidJSON's SAX interface names the handler's methods.
// NOLINTBEGIN(readability-identifier-naming)
class DepthLimitedBuilder {
 public:
  DepthLimitedBuilder(rapidjson::Document& document, std::size_t max_depth)
      : document_(document), max_depth_(max_depth) {}

  bool Null() { return document_.Null(); }
  bool Bool(bool flag) { return document_.Bool(flag); }
  bool Int(int number) { return document_.Int(number); }
  bool Uint(unsigned number) { return document_.Uint(number); }
  bool Int64(std::int64_t number) { return document_.Int64(number); }
  bool Uint64(std::uint64_t number) { return document_.Uint64(number); }
  bool Double(double number) { return document_.Double(number); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool copy) {
    return document_.RawNumber(text, length, copy);
  }
  bool String(const char* text, rapidjson::SizeType length, bool copy) {
    return document_.String(text, length, copy);
  }
  bool Key(const char* text, rapidjson::SizeType length, bool copy) {
    return document_.Key(text, length, copy);
  }
  bool StartObject() { return ++depth_ <= max_depth_ && document_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    --depth_;
    return document_.EndObject(members);
  }
  bool StartArray() { return ++depth_ <= max_depth_ && document_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return document_.EndArray(elements);
  }

 private:
  rapidjson::Document& document_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
};
// NOLINTEND(readability-identifier-naming)

[[noreturn]] void wrongType(const char* expected) {
  throw JsonTypeError(std::string("JSON value is not ") + expected);
}

}  // namespace

JsonType JsonView::type() const {
  if (value_ == nullptr) return JsonType::Null;
  switch (value_->GetType()) {
    case rapidjson::kNullType:
      return JsonType::Null;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return JsonType::Boolean;
    case rapidjson::kObjectType:
      return JsonType::Object;
    case rapidjson::kArrayType:
      return JsonType::Array;
    case rapidjson::kStringType:
      return JsonType::String;
    case rapidjson::kNumberType:
      return JsonType::Number;
  }
  return JsonType::Null;
}

bool JsonView::isInteger() const {
  return value_ != nullptr && value_->IsInt64();
}

bool JsonView::has(std::string_view name) const {
  return get(name).exists();
}

JsonView JsonView::get(std::string_view name) const {
  if (value_ == nullptr || !value_->IsObject()) return JsonView();
  // From the end: with a name given twice the last one counts, as everywhere else.
  for (auto member = value_->MemberEnd(); member != value_->MemberBegin();) {
    --member;
    if (std::string_view(member->name.GetString(), member->name.GetStringLength()) == name) {
      return JsonView(&member->value);
    }
  }
  return JsonView();
}

std::size_t JsonView::size() const {
  if (value_ == nullptr) return 0;
  if (value_->IsArray()) return value_->Size();
  if (value_->IsObject()) return value_->MemberCount();
  return 0;
}

JsonView JsonView::at(std::size_t index) const {
  if (value_ == nullptr || !value_->IsArray() || index >= value_->Size()) return JsonView();
  return JsonView(&(*value_)[static_cast<rapidjson::SizeType>(index)]);
}

std::string_view JsonView::keyAt(std::size_t index) const {
  if (value_ == nullptr || !value_->IsObject() || index >= value_->MemberCount()) return {};
  const auto& name = (value_->MemberBegin() + static_cast<std::ptrdiff_t>(index))->name;
  return {name.GetString(), name.GetStringLength()};
}

JsonView JsonView::valueAt(std::size_t index) const {
  if (value_ == nullptr || !value_->IsObject() || index >= value_->MemberCount()) return JsonView();
  return JsonView(&(value_->MemberBegin() + static_cast<std::ptrdiff_t>(index))->value);
}

template <>
bool JsonView::holds<std::string_view>() const {
  return value_ != nullptr && value_->IsString();
}
template <>
bool JsonView::holds<std::string>() const {
  return holds<std::string_view>();
}
template <>
bool JsonView::holds<bool>() const {
  return value_ != nullptr && value_->IsBool();
}
template <>
bool JsonView::holds<std::int64_t>() const {
  return value_ != nullptr && value_->IsInt64();
}
template <>
bool JsonView::holds<int>() const {
  return value_ != nullptr && value_->IsInt();
}
template <>
bool JsonView::holds<double>() const {
  return value_ != nullptr && value_->IsNumber();
}

template <>
std::string_view JsonView::as<std::string_view>() const {
  if (!holds<std::string_view>()) wrongType("a string");
  return {value_->GetString(), value_->GetStringLength()};
}

template <>
std::string JsonView::as<std::string>() const {
  return std::string(as<std::string_view>());
}

template <>
bool JsonView::as<bool>() const {
  if (!holds<bool>()) wrongType("a boolean");
  return value_->GetBool();
}

template <>
std::int64_t JsonView::as<std::int64_t>() const {
  if (!holds<std::int64_t>()) wrongType("an integer");
  return value_->GetInt64();
}

template <>
int JsonView::as<int>() const {
  if (!holds<int>()) wrongType("an int");
  return value_->GetInt();
}

template <>
double JsonView::as<double>() const {
  if (!holds<double>()) wrongType("a number");
  return value_->GetDouble();
}

JsonDocument::JsonDocument() : document_(std::make_unique<rapidjson::Document>()) {}
JsonDocument::~JsonDocument() = default;
JsonDocument::JsonDocument(JsonDocument&&) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&&) noexcept = default;

std::optional<JsonDocument> JsonDocument::parse(std::string_view text, std::size_t max_depth) {
  if (text.size() >= std::numeric_limits<rapidjson::SizeType>::max()) return std::nullopt;
  JsonDocument parsed;
  rapidjson::MemoryStream stream(text.data(), text.size());
  bool complete = false;
  const auto build = [&](rapidjson::Document& document) {
    DepthLimitedBuilder builder(document, max_depth);
    rapidjson::Reader reader;
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseFullPrecisionFlag;
    complete = !reader.Parse<kFlags>(stream, builder).IsError();
    return complete;
  };
  parsed.document_->Populate(build);
  // The reader takes a NUL byte for the end of its input: `{}\0...` must not pass.
  if (!complete || stream.Tell() != text.size()) return std::nullopt;
  return parsed;
}

JsonDocument JsonDocument::copyOf(JsonView value) {
  JsonDocument copy;
  if (value.exists()) copy.document_->CopyFrom(*value.raw(), copy.document_->GetAllocator());
  return copy;
}

JsonView JsonDocument::root() const {
  return JsonView(document_.get());
}

JsonView emptyJsonObject() {
  static const JsonDocument kEmptyObject = [] {
    JsonDocument document;
    document.document().SetObject();
    return document;
  }();
  return kEmptyObject.root();
}

namespace {

// An object's members sorted by name, of a repeated name only the last (the one lookups find):
// (name, index for valueAt).
std::vector<std::pair<std::string_view, std::size_t>> canonicalMembers(JsonView object) {
  std::vector<std::pair<std::string_view, std::size_t>> members;
  members.reserve(object.size());
  for (std::size_t i = 0; i < object.size(); ++i)
    members.emplace_back(object.keyAt(i), i);
  // Stable, so each run of one name stays in document order and its last entry is kept.
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
    members[kept++] = members[i];
  }
  members.resize(kept);
  return members;
}

void writeCanonical(JsonWriter& json, JsonView value) {
  if (value.isArray()) {
    json.beginArray();
    for (std::size_t i = 0; i < value.size(); ++i)
      writeCanonical(json, value.at(i));
    json.endArray();
    return;
  }
  if (!value.isObject()) {
    json.value(value);
    return;
  }
  json.beginObject();
  for (const auto& [name, index] : canonicalMembers(value)) {
    json.key(name);
    writeCanonical(json, value.valueAt(index));
  }
  json.endObject();
}

// FNV-1a over tagged tokens: a kind byte before each value and the length before each text, so
// no two different values can run together into the same byte stream.
class CanonicalHasher {
 public:
  void add(JsonView value) {
    const rapidjson::Value& raw = *value.raw();
    if (raw.IsObject()) {
      tag('{');
      for (const auto& [name, index] : canonicalMembers(value)) {
        text(name);
        add(value.valueAt(index));
      }
      tag('}');
    } else if (raw.IsArray()) {
      tag('[');
      for (std::size_t i = 0; i < value.size(); ++i)
        add(value.at(i));
      tag(']');
    } else if (raw.IsString()) {
      tag('s');
      text(std::string_view(raw.GetString(), raw.GetStringLength()));
    } else if (raw.IsInt64()) {
      tag('i');
      number(raw.GetInt64());
    } else if (raw.IsUint64()) {
      tag('u');
      number(raw.GetUint64());
    } else if (raw.IsNumber()) {
      tag('d');
      number(raw.GetDouble());
    } else if (raw.IsBool()) {
      tag(raw.GetBool() ? 't' : 'f');
    } else {
      tag('n');
    }
  }
  std::uint64_t hash() const { return hash_; }

 private:
  void bytes(const void* data, std::size_t size) {
    constexpr std::uint64_t kPrime = 1099511628211ULL;
    const auto* byte = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i)
      hash_ = (hash_ ^ byte[i]) * kPrime;
  }
  void tag(char kind) { bytes(&kind, 1); }
  template <typename Number>
  void number(Number value) {
    bytes(&value, sizeof value);
  }
  void text(std::string_view chars) {
    number(static_cast<std::uint64_t>(chars.size()));
    bytes(chars.data(), chars.size());
  }

  std::uint64_t hash_ = 14695981039346656037ULL;  // FNV-1a's 64-bit offset basis
};

}  // namespace

std::string toCanonicalJson(JsonView value) {
  JsonWriter json;
  writeCanonical(json, value);
  return std::move(json).finish();
}

std::uint64_t canonicalJsonHash(JsonView value) {
  CanonicalHasher hasher;
  if (value.exists()) hasher.add(value);
  return hasher.hash();
}

std::string toJson(JsonView value) {
  JsonWriter json;
  json.value(value);
  return std::move(json).finish();
}

}  // namespace orchestra::text
