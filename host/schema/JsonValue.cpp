#include "host/schema/JsonValue.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <typeinfo>

#include "host/text/JsonWriter.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

bool integersEqual(const Var& left, const Var& right) {
  // Compare in the signedness each side is stored in, so 2^64-1 never equals -1.
  const bool left_signed = left.isSigned();
  const bool right_signed = right.isSigned();
  if (left_signed && right_signed)
    return left.convert<Poco::Int64>() == right.convert<Poco::Int64>();
  if (!left_signed && !right_signed) {
    return left.convert<Poco::UInt64>() == right.convert<Poco::UInt64>();
  }
  const Var& signed_side = left_signed ? left : right;
  const Var& unsigned_side = left_signed ? right : left;
  const auto signed_value = signed_side.convert<Poco::Int64>();
  return signed_value >= 0 &&
         static_cast<Poco::UInt64>(signed_value) == unsigned_side.convert<Poco::UInt64>();
}

bool objectsEqual(const Object& left, const Object& right) {
  if (left.size() != right.size()) return false;
  // Both iterate their std::map in key order, so equal objects line up member by member.
  auto right_member = right.begin();
  for (const auto& [key, value] : left) {
    if (key != right_member->first || !jsonEquals(value, right_member->second)) return false;
    ++right_member;
  }
  return true;
}

bool arraysEqual(const Array& left, const Array& right) {
  if (left.size() != right.size()) return false;
  auto right_item = right.begin();
  for (const Var& item : left) {
    if (!jsonEquals(item, *right_item)) return false;
    ++right_item;
  }
  return true;
}

std::string numberText(const Var& number) {
  if (jsonKind(number) == JsonKind::Integer) {
    return number.isSigned() ? std::to_string(number.convert<Poco::Int64>())
                             : std::to_string(number.convert<Poco::UInt64>());
  }
  std::array<char, 32> buffer{};
  const auto printed =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), numberValue(number));
  return {buffer.data(), printed.ptr};
}

}  // namespace

JsonKind jsonKind(const Var& value) {
  if (value.isEmpty()) return JsonKind::Null;
  const std::type_info& type = value.type();
  if (type == typeid(std::string)) return JsonKind::String;
  if (type == typeid(Object::Ptr)) {
    return value.extract<Object::Ptr>().isNull() ? JsonKind::Null : JsonKind::Object;
  }
  if (type == typeid(Array::Ptr)) {
    return value.extract<Array::Ptr>().isNull() ? JsonKind::Null : JsonKind::Array;
  }
  if (type == typeid(bool)) return JsonKind::Boolean;
  if (type == typeid(Object)) return JsonKind::Object;
  if (type == typeid(Array)) return JsonKind::Array;
  if (value.isInteger()) return JsonKind::Integer;
  if (value.isNumeric()) return JsonKind::Real;
  return JsonKind::Other;
}

const Object* jsonObject(const Var& value) {
  const std::type_info& type = value.type();
  if (type == typeid(Object::Ptr)) return value.extract<Object::Ptr>().get();
  if (type == typeid(Object)) return &value.extract<Object>();
  return nullptr;
}

const Array* jsonArray(const Var& value) {
  const std::type_info& type = value.type();
  if (type == typeid(Array::Ptr)) return value.extract<Array::Ptr>().get();
  if (type == typeid(Array)) return &value.extract<Array>();
  return nullptr;
}

bool isNumber(JsonKind kind) {
  return kind == JsonKind::Integer || kind == JsonKind::Real;
}

double numberValue(const Var& number) {
  return number.convert<double>();
}

bool isIntegral(const Var& value) {
  const JsonKind kind = jsonKind(value);
  if (kind == JsonKind::Integer) return true;
  if (kind != JsonKind::Real) return false;
  const double real = numberValue(value);
  return std::isfinite(real) && std::trunc(real) == real;
}

bool jsonEquals(const Var& left, const Var& right) {
  const JsonKind left_kind = jsonKind(left);
  const JsonKind right_kind = jsonKind(right);
  if (isNumber(left_kind) && isNumber(right_kind)) {
    if (left_kind == JsonKind::Integer && right_kind == JsonKind::Integer) {
      return integersEqual(left, right);
    }
    return numberValue(left) == numberValue(right);
  }
  if (left_kind != right_kind) return false;
  switch (left_kind) {
    case JsonKind::Null:
      return true;
    case JsonKind::Boolean:
      return left.extract<bool>() == right.extract<bool>();
    case JsonKind::String:
      return left.extract<std::string>() == right.extract<std::string>();
    case JsonKind::Object:
      return objectsEqual(*jsonObject(left), *jsonObject(right));
    case JsonKind::Array:
      return arraysEqual(*jsonArray(left), *jsonArray(right));
    default:
      return false;  // values that are not JSON are equal to nothing
  }
}

std::size_t jsonHash(const Var& value) {
  // Combine as boost::hash_combine does; the constant is the golden ratio's fraction bits.
  const auto combine = [](std::size_t seed, std::size_t hash) {
    return seed ^ (hash + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U));
  };
  const JsonKind kind = jsonKind(value);
  const auto kind_hash =
      static_cast<std::size_t>(kind == JsonKind::Real ? JsonKind::Integer : kind);
  switch (kind) {
    case JsonKind::Boolean:
      return combine(kind_hash, value.extract<bool>() ? 1 : 0);
    case JsonKind::Integer:
    case JsonKind::Real: {
      const double number = numberValue(value);
      return combine(kind_hash, std::hash<double>{}(number == 0 ? 0.0 : number));  // -0 == 0
    }
    case JsonKind::String:
      return combine(kind_hash, std::hash<std::string>{}(value.extract<std::string>()));
    case JsonKind::Object: {
      std::size_t hash = kind_hash;
      for (const auto& [key, member] : *jsonObject(value)) {
        hash = combine(combine(hash, std::hash<std::string>{}(key)), jsonHash(member));
      }
      return hash;
    }
    case JsonKind::Array: {
      std::size_t hash = kind_hash;
      for (const Var& item : *jsonArray(value))
        hash = combine(hash, jsonHash(item));
      return hash;
    }
    default:
      return kind_hash;
  }
}

Var deepCopy(const Var& value) {
  if (const Object* object = jsonObject(value)) {
    Object::Ptr copy = new Object;
    for (const auto& [key, member] : *object)
      copy->set(key, deepCopy(member));
    return copy;
  }
  if (const Array* array = jsonArray(value)) {
    Array::Ptr copy = new Array;
    for (const Var& item : *array)
      copy->add(deepCopy(item));
    return copy;
  }
  return value;
}

std::string describeValue(const Var& value) {
  switch (jsonKind(value)) {
    case JsonKind::Null:
      return "null";
    case JsonKind::Boolean:
      return value.extract<bool>() ? "true" : "false";
    case JsonKind::String:
      return value.extract<std::string>();
    case JsonKind::Integer:
    case JsonKind::Real:
      return numberText(value);
    case JsonKind::Object:
    case JsonKind::Array:
      return text::toJson(value);
    case JsonKind::Other:
      break;
  }
  return value.toString();
}

}  // namespace orchestra::schema
