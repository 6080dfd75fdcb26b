// How the schema code reads a Poco::Dynamic::Var as a JSON value: its kind, its number, its
// containers (Ptr or by value, as Poco::JSON produces both), JSON equality and deep copies; and
// the same questions of a rapidjson::Value, the representation of request bodies.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <rapidjson/fwd.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace orchestra::schema {

// Integer and Real tell how the number is stored (Int64/UInt64 vs double); JSON Schema's
// "integer" also accepts a Real with a zero fraction (see isIntegral).
enum class JsonKind : std::uint8_t { Null, Boolean, Integer, Real, String, Object, Array, Other };

JsonKind jsonKind(const Poco::Dynamic::Var& value);
JsonKind jsonKind(const rapidjson::Value& value);  // never Other

// The container inside `value`, or nullptr when it holds something else (or a null Ptr).
const Poco::JSON::Object* jsonObject(const Poco::Dynamic::Var& value);
const Poco::JSON::Array* jsonArray(const Poco::Dynamic::Var& value);

bool isNumber(JsonKind kind);
double numberValue(const Poco::Dynamic::Var& number);  // only for Integer and Real
bool isIntegral(const Poco::Dynamic::Var& value);      // a number with no fractional part

// JSON equality: numbers by value across storage (1 == 1.0), never bool against number,
// objects regardless of member order; across representations too (a request body against a
// schema's "const"). A RapidJSON object's duplicate names count once, the last one's value.
bool jsonEquals(const Poco::Dynamic::Var& left, const Poco::Dynamic::Var& right);
bool jsonEquals(const rapidjson::Value& left, const Poco::Dynamic::Var& right);
bool jsonEquals(const rapidjson::Value& left, const rapidjson::Value& right);

// A hash consistent with jsonEquals (equal values hash equal), for finding duplicate items.
std::size_t jsonHash(const Poco::Dynamic::Var& value);
std::size_t jsonHash(const rapidjson::Value& value);

// A copy that shares nothing mutable with `value`: every container is a fresh Object::Ptr or
// Array::Ptr, so the copy can be edited in place without touching the original.
Poco::Dynamic::Var deepCopy(const Poco::Dynamic::Var& value);
// The same as a RapidJSON value whose strings and containers are allocated from `allocator`
// (a document's), so it lives as long as that document and shares nothing with `value`. Object
// members come in name order. A value that is not JSON (JsonKind::Other) becomes its text.
rapidjson::Value deepCopy(const Poco::Dynamic::Var& value,
                          rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>& allocator);

// For messages: a string as it is (GET), anything else as compact JSON (null, 1.5, ["a"]).
std::string describeValue(const Poco::Dynamic::Var& value);

}  // namespace orchestra::schema
