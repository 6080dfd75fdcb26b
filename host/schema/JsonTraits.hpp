// The one door through which the validator and default filling read an instance, so a single
// implementation serves both representations: Poco::Dynamic::Var (configs, workflows, plugins)
// and rapidjson::Value (request bodies, which cost a tenth of the memory as a RapidJSON DOM).
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <rapidjson/document.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/JsonValue.hpp"

namespace orchestra::schema {

// JsonTraits<V> reads a V as JSON. Each specialisation offers, as static functions:
//   kind(value), boolean(value), number(value) (a double, for Integer and Real),
//   isSignedInteger / signedInteger / unsignedInteger (an Integer as it is stored),
//   string(value) (a view into the value), stringValue(text) (a V holding `text`),
//   object(value) / array(value) (the container; only for that kind),
//   items(array) (a range of const V&) and itemCount(array),
//   hasMember(object, name) and member(object, name) (the value, `name` must be present),
//   members(object) (the distinct members in name order, with .size()) and
//   memberName(member) / memberValue(member) for its elements.
// Members come in name order (std::map's, i.e. char_traits<char>, order) because issues are
// reported in that order and equal objects must line up member by member.
template <typename Value>
struct JsonTraits;

template <>
struct JsonTraits<Poco::Dynamic::Var> {
  using Value = Poco::Dynamic::Var;
  using Object = Poco::JSON::Object;
  using Array = Poco::JSON::Array;

  // Poco keeps an object's members in a std::map: already distinct and in name order.
  class Members {
   public:
    explicit Members(const Object& object) : object_(&object) {}
    Object::ConstIterator begin() const { return object_->begin(); }
    Object::ConstIterator end() const { return object_->end(); }
    std::size_t size() const { return object_->size(); }

   private:
    const Object* object_;
  };

  static JsonKind kind(const Value& value) { return jsonKind(value); }
  static bool boolean(const Value& value) { return value.extract<bool>(); }
  static double number(const Value& value) { return numberValue(value); }
  static bool isSignedInteger(const Value& value) { return value.isSigned(); }
  static std::int64_t signedInteger(const Value& value) { return value.convert<Poco::Int64>(); }
  static std::uint64_t unsignedInteger(const Value& value) { return value.convert<Poco::UInt64>(); }
  static std::string_view string(const Value& value) { return value.extract<std::string>(); }
  static Value stringValue(std::string_view text) { return std::string(text); }

  static const Object& object(const Value& value) { return *jsonObject(value); }
  static const Array& array(const Value& value) { return *jsonArray(value); }
  static const Array& items(const Array& array) { return array; }
  static std::size_t itemCount(const Array& array) { return array.size(); }

  static bool hasMember(const Object& object, const std::string& name) { return object.has(name); }
  static Value member(const Object& object, const std::string& name) { return object.get(name); }
  static Members members(const Object& object) { return Members(object); }
  static std::string_view memberName(const Object::ValueType& member) { return member.first; }
  static const Value& memberValue(const Object::ValueType& member) { return member.second; }
};

template <>
struct JsonTraits<rapidjson::Value> {
  using Value = rapidjson::Value;
  using Object = rapidjson::Value;
  using Array = rapidjson::Value;
  using Member = rapidjson::Value::Member;

  // A RapidJSON object keeps its members as written, duplicates included. This view presents
  // them as Poco's parser would have built the object: sorted by name, and of several members
  // with one name only the last (Poco's Object::set overwrites), so both representations of one
  // text give the same verdicts, issues and issue order.
  class Members {
   public:
    explicit Members(const Object& object);
    std::vector<const Member*>::const_iterator begin() const { return members_.begin(); }
    std::vector<const Member*>::const_iterator end() const { return members_.end(); }
    std::size_t size() const { return members_.size(); }

   private:
    std::vector<const Member*> members_;
  };

  static JsonKind kind(const Value& value) { return jsonKind(value); }
  static bool boolean(const Value& value) { return value.GetBool(); }
  static double number(const Value& value) { return value.GetDouble(); }
  // RapidJSON flags every integer that fits an int64 as one, as Poco's parser stores it signed.
  static bool isSignedInteger(const Value& value) { return value.IsInt64(); }
  static std::int64_t signedInteger(const Value& value) { return value.GetInt64(); }
  static std::uint64_t unsignedInteger(const Value& value) { return value.GetUint64(); }
  static std::string_view string(const Value& value) {
    return {value.GetString(), value.GetStringLength()};
  }
  // Refers to `text` without copying it: the value must not outlive the text.
  static Value stringValue(std::string_view text) {
    return Value(rapidjson::StringRef(text.data(), text.size()));
  }

  static const Object& object(const Value& value) { return value; }
  static const Array& array(const Value& value) { return value; }
  static Value::ConstArray items(const Array& array) { return array.GetArray(); }
  static std::size_t itemCount(const Array& array) { return array.Size(); }

  static bool hasMember(const Object& object, const std::string& name) {
    return lastMember(object, name) != nullptr;
  }
  static const Value& member(const Object& object, const std::string& name) {
    return *lastMember(object, name);
  }
  static Members members(const Object& object) { return Members(object); }
  static std::string_view memberName(const Member* member) {
    return {member->name.GetString(), member->name.GetStringLength()};
  }
  static const Value& memberValue(const Member* member) { return member->value; }

  // The value of the last member named `name` (the one Poco would keep), or nullptr.
  static const Value* lastMember(const Object& object, std::string_view name);
  static Value* lastMember(Object& object, std::string_view name);
};

// A number with no fractional part: JSON Schema's "integer" accepts 1.0 as well as 1.
template <typename Value>
bool isIntegralNumber(const Value& value) {
  using Traits = JsonTraits<Value>;
  const JsonKind kind = Traits::kind(value);
  if (kind == JsonKind::Integer) return true;
  if (kind != JsonKind::Real) return false;
  const double real = Traits::number(value);
  return std::isfinite(real) && std::trunc(real) == real;
}

}  // namespace orchestra::schema
