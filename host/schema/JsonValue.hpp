// How the schema code reads a Poco::Dynamic::Var as a JSON value: its kind, its number, its
// containers (Ptr or by value, as Poco::JSON produces both), JSON equality and deep copies.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace orchestra::schema {

// Integer and Real tell how the number is stored (Int64/UInt64 vs double); JSON Schema's
// "integer" also accepts a Real with a zero fraction (see isIntegral).
enum class JsonKind : std::uint8_t { Null, Boolean, Integer, Real, String, Object, Array, Other };

JsonKind jsonKind(const Poco::Dynamic::Var& value);

// The container inside `value`, or nullptr when it holds something else (or a null Ptr).
const Poco::JSON::Object* jsonObject(const Poco::Dynamic::Var& value);
const Poco::JSON::Array* jsonArray(const Poco::Dynamic::Var& value);

bool isNumber(JsonKind kind);
double numberValue(const Poco::Dynamic::Var& number);  // only for Integer and Real
bool isIntegral(const Poco::Dynamic::Var& value);      // a number with no fractional part

// JSON equality: numbers by value across storage (1 == 1.0), never bool against number,
// objects regardless of member order.
bool jsonEquals(const Poco::Dynamic::Var& left, const Poco::Dynamic::Var& right);

// A hash consistent with jsonEquals (equal values hash equal), for finding duplicate items.
std::size_t jsonHash(const Poco::Dynamic::Var& value);

// A copy that shares nothing mutable with `value`: every container is a fresh Object::Ptr or
// Array::Ptr, so the copy can be edited in place without touching the original.
Poco::Dynamic::Var deepCopy(const Poco::Dynamic::Var& value);

// For messages: a string as it is (GET), anything else as compact JSON (null, 1.5, ["a"]).
std::string describeValue(const Poco::Dynamic::Var& value);

}  // namespace orchestra::schema
