#include "host/text/JsonWriter.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <rapidjson/document.h>

#include <array>
#include <charconv>
#include <cmath>
#include <typeinfo>

#include "host/text/JsonEscape.hpp"

namespace orchestra::text {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

template <typename Number>
void appendNumber(std::string& out, Number number) {
  std::array<char, 32> buffer{};
  const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  out.append(buffer.data(), printed.ptr);
}

}  // namespace

void JsonWriter::separate() {
  if (need_comma_) out_ += ',';
  need_comma_ = true;
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  out_ += '{';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_ += '}';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  out_ += '[';
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_ += ']';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  appendJsonString(out_, name);
  out_ += ':';
  need_comma_ = false;  // the member's value follows without a comma
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  appendJsonString(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  separate();
  if (std::isfinite(number)) {
    appendNumber(out_, number);
  } else {
    out_ += "null";
  }
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t number) {
  separate();
  appendNumber(out_, number);
  return *this;
}

JsonWriter& JsonWriter::unsignedInteger(std::uint64_t number) {
  separate();
  appendNumber(out_, number);
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::rawValue(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::value(const Var& json) {
  if (json.isEmpty()) return null();
  const std::type_info& type = json.type();
  const auto writeObject = [this](const Object& object) -> JsonWriter& {
    beginObject();
    for (const auto& [name, member] : object) {
      key(name);
      value(member);
    }
    return endObject();
  };
  const auto writeArray = [this](const Array& array) -> JsonWriter& {
    beginArray();
    for (const Var& item : array)
      value(item);
    return endArray();
  };
  if (type == typeid(std::string)) return value(std::string_view(json.extract<std::string>()));
  if (type == typeid(Object::Ptr)) {
    const auto& object = json.extract<Object::Ptr>();
    return object.isNull() ? null() : writeObject(*object);
  }
  if (type == typeid(Array::Ptr)) {
    const auto& array = json.extract<Array::Ptr>();
    return array.isNull() ? null() : writeArray(*array);
  }
  if (type == typeid(Object)) return writeObject(json.extract<Object>());
  if (type == typeid(Array)) return writeArray(json.extract<Array>());
  if (type == typeid(bool)) return value(json.extract<bool>());
  if (type == typeid(double) || type == typeid(float)) return value(json.convert<double>());
  if (json.isInteger()) {
    return json.isSigned() ? integer(json.convert<std::int64_t>())
                           : unsignedInteger(json.convert<std::uint64_t>());
  }
  // Anything else Poco can hold (a char, a date) is written as its text.
  return value(std::string_view(json.convert<std::string>()));
}

JsonWriter& JsonWriter::value(JsonView json) {
  const rapidjson::Value* raw = json.raw();
  if (raw == nullptr || raw->IsNull()) return null();
  if (raw->IsBool()) return value(raw->GetBool());
  if (raw->IsString()) return value(std::string_view(raw->GetString(), raw->GetStringLength()));
  if (raw->IsInt64()) return integer(raw->GetInt64());
  if (raw->IsUint64()) return unsignedInteger(raw->GetUint64());
  if (raw->IsNumber()) return value(raw->GetDouble());
  if (raw->IsArray()) {
    beginArray();
    for (std::size_t i = 0; i < json.size(); ++i)
      value(json.at(i));
    return endArray();
  }
  beginObject();
  for (std::size_t i = 0; i < json.size(); ++i) {
    key(json.keyAt(i));
    value(json.valueAt(i));
  }
  return endObject();
}

std::string toJson(const Var& json) {
  JsonWriter writer;
  writer.value(json);
  return std::move(writer).finish();
}

}  // namespace orchestra::text
