#include "host/schema/JsonValue.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <string_view>
#include <typeinfo>

#include "host/schema/JsonTraits.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

template <typename Left, typename Right>
bool equals(const Left& left, const Right& right);

// Whether a signed and an unsigned integer are the same number (never for a negative one).
bool sameInteger(std::int64_t signed_value, std::uint64_t unsigned_value) {
  return signed_value >= 0 && static_cast<std::uint64_t>(signed_value) == unsigned_value;
}

template <typename Left, typename Right>
bool integersEqual(const Left& left, const Right& right) {
  using L = JsonTraits<Left>;
  using R = JsonTraits<Right>;
  // Compare in the signedness each side is stored in, so 2^64-1 never equals -1.
  const bool left_signed = L::isSignedInteger(left);
  const bool right_signed = R::isSignedInteger(right);
  if (left_signed && right_signed) return L::signedInteger(left) == R::signedInteger(right);
  if (!left_signed && !right_signed) {
    return L::unsignedInteger(left) == R::unsignedInteger(right);
  }
  if (left_signed) return sameInteger(L::signedInteger(left), R::unsignedInteger(right));
  return sameInteger(R::signedInteger(right), L::unsignedInteger(left));
}

template <typename Left, typename Right>
bool objectsEqual(const typename JsonTraits<Left>::Object& left,
                  const typename JsonTraits<Right>::Object& right) {
  using L = JsonTraits<Left>;
  using R = JsonTraits<Right>;
  const auto left_members = L::members(left);
  const auto right_members = R::members(right);
  if (left_members.size() != right_members.size()) return false;
  // Both come in name order, so equal objects line up member by member.
  auto right_member = right_members.begin();
  for (const auto& member : left_members) {
    if (L::memberName(member) != R::memberName(*right_member) ||
        !equals(L::memberValue(member), R::memberValue(*right_member))) {
      return false;
    }
    ++right_member;
  }
  return true;
}

template <typename Left, typename Right>
bool arraysEqual(const typename JsonTraits<Left>::Array& left,
                 const typename JsonTraits<Right>::Array& right) {
  using L = JsonTraits<Left>;
  using R = JsonTraits<Right>;
  if (L::itemCount(left) != R::itemCount(right)) return false;
  const auto& right_items = R::items(right);
  auto right_item = right_items.begin();
  for (const Left& item : L::items(left)) {
    if (!equals(item, *right_item)) return false;
    ++right_item;
  }
  return true;
}

template <typename Left, typename Right>
bool equals(const Left& left, const Right& right) {
  using L = JsonTraits<Left>;
  using R = JsonTraits<Right>;
  const JsonKind left_kind = L::kind(left);
  const JsonKind right_kind = R::kind(right);
  if (isNumber(left_kind) && isNumber(right_kind)) {
    if (left_kind == JsonKind::Integer && right_kind == JsonKind::Integer) {
      return integersEqual(left, right);
    }
    return L::number(left) == R::number(right);
  }
  if (left_kind != right_kind) return false;
  switch (left_kind) {
    case JsonKind::Null:
      return true;
    case JsonKind::Boolean:
      return L::boolean(left) == R::boolean(right);
    case JsonKind::String:
      return L::string(left) == R::string(right);
    case JsonKind::Object:
      return objectsEqual<Left, Right>(L::object(left), R::object(right));
    case JsonKind::Array:
      return arraysEqual<Left, Right>(L::array(left), R::array(right));
    default:
      return false;  // values that are not JSON are equal to nothing
  }
}

template <typename Value>
std::size_t hash(const Value& value) {
  using Traits = JsonTraits<Value>;
  // Combine as boost::hash_combine does; the constant is the golden ratio's fraction bits.
  const auto combine = [](std::size_t seed, std::size_t hash) {
    return seed ^ (hash + 0x9e3779b97f4a7c15ULL + (seed << 6U) + (seed >> 2U));
  };
  const JsonKind kind = Traits::kind(value);
  const auto kind_hash =
      static_cast<std::size_t>(kind == JsonKind::Real ? JsonKind::Integer : kind);
  switch (kind) {
    case JsonKind::Boolean:
      return combine(kind_hash, Traits::boolean(value) ? 1 : 0);
    case JsonKind::Integer:
    case JsonKind::Real: {
      const double number = Traits::number(value);
      return combine(kind_hash, std::hash<double>{}(number == 0 ? 0.0 : number));  // -0 == 0
    }
    case JsonKind::String:
      return combine(kind_hash, std::hash<std::string_view>{}(Traits::string(value)));
    case JsonKind::Object: {
      std::size_t hash_value = kind_hash;
      for (const auto& member : Traits::members(Traits::object(value))) {
        hash_value =
            combine(combine(hash_value, std::hash<std::string_view>{}(Traits::memberName(member))),
                    hash(Traits::memberValue(member)));
      }
      return hash_value;
    }
    case JsonKind::Array: {
      std::size_t hash_value = kind_hash;
      for (const Value& item : Traits::items(Traits::array(value)))
        hash_value = combine(hash_value, hash(item));
      return hash_value;
    }
    default:
      return kind_hash;
  }
}

rapidjson::Value copiedString(std::string_view text,
                              rapidjson::Document::AllocatorType& allocator) {
  return {text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator};
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
  return isIntegralNumber(value);
}

JsonKind jsonKind(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return JsonKind::Null;
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return JsonKind::Boolean;
    case rapidjson::kObjectType:
      return JsonKind::Object;
    case rapidjson::kArrayType:
      return JsonKind::Array;
    case rapidjson::kStringType:
      return JsonKind::String;
    case rapidjson::kNumberType:
      return value.IsDouble() ? JsonKind::Real : JsonKind::Integer;
  }
  return JsonKind::Other;
}

bool jsonEquals(const Var& left, const Var& right) {
  return equals(left, right);
}

bool jsonEquals(const rapidjson::Value& left, const Var& right) {
  return equals(left, right);
}

bool jsonEquals(const rapidjson::Value& left, const rapidjson::Value& right) {
  return equals(left, right);
}

std::size_t jsonHash(const Var& value) {
  return hash(value);
}

std::size_t jsonHash(const rapidjson::Value& value) {
  return hash(value);
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

rapidjson::Value deepCopy(const Var& value, rapidjson::Document::AllocatorType& allocator) {
  switch (jsonKind(value)) {
    case JsonKind::Null:
      return rapidjson::Value();
    case JsonKind::Boolean:
      return rapidjson::Value(value.extract<bool>());
    case JsonKind::Integer:
      if (value.isSigned()) return rapidjson::Value(std::int64_t{value.convert<Poco::Int64>()});
      return rapidjson::Value(std::uint64_t{value.convert<Poco::UInt64>()});
    case JsonKind::Real:
      return rapidjson::Value(numberValue(value));
    case JsonKind::String:
      return copiedString(value.extract<std::string>(), allocator);
    case JsonKind::Object: {
      rapidjson::Value copy(rapidjson::kObjectType);
      for (const auto& [key, member] : *jsonObject(value)) {
        copy.AddMember(copiedString(key, allocator), deepCopy(member, allocator), allocator);
      }
      return copy;
    }
    case JsonKind::Array: {
      const Array& array = *jsonArray(value);
      rapidjson::Value copy(rapidjson::kArrayType);
      copy.Reserve(static_cast<rapidjson::SizeType>(array.size()), allocator);
      for (const Var& item : array)
        copy.PushBack(deepCopy(item, allocator), allocator);
      return copy;
    }
    case JsonKind::Other:
      break;
  }
  return copiedString(value.toString(), allocator);
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
