#include "host/runtime/TemplatedFieldsCheck.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "host/schema/DeferredValues.hpp"
#include "host/schema/JsonValue.hpp"

namespace orchestra::runtime {

namespace {

using Poco::Dynamic::Var;

// Keywords that judge nothing (annotations), anywhere.
bool isAnnotation(const std::string& keyword) {
  static const std::set<std::string> kAnnotations = {
      "title",     "description", "default", "examples", "$comment", "readOnly",
      "writeOnly", "deprecated",  "$schema", "$id",      "secret"};
  return kAnnotations.contains(keyword) || keyword.starts_with("x-");
}

// Keywords of an object or array that look only at its own type, keys and counts, or that
// hand each member to a subschema this walk follows.
bool isStructural(const std::string& keyword) {
  static const std::set<std::string> kStructural = {"type",
                                                    "properties",
                                                    "additionalProperties",
                                                    "required",
                                                    "minProperties",
                                                    "maxProperties",
                                                    "propertyNames",
                                                    "items",
                                                    "minItems",
                                                    "maxItems",
                                                    "allOf",
                                                    "anyOf",
                                                    "oneOf",
                                                    "not"};
  return kStructural.contains(keyword);
}

bool containsTemplate(const Var& value) {
  if (schema::isDeferredValue(value)) return true;
  if (const auto* object = schema::jsonObject(value)) {
    for (const auto& [key, member] : *object) {
      if (containsTemplate(member)) return true;
    }
  } else if (const auto* array = schema::jsonArray(value)) {
    for (const Var& item : *array) {
      if (containsTemplate(item)) return true;
    }
  }
  return false;
}

bool ignores(const Var& value, const Var& schema, std::size_t depth);

// Every branch of a combinator must ignore the templates of `value` for its verdict to be
// fixed; `not` inverts a fixed verdict, which stays fixed.
bool branchesIgnore(const Poco::JSON::Object& schema, const Var& value, std::size_t depth) {
  for (const char* combinator : {"allOf", "anyOf", "oneOf"}) {
    if (!schema.has(combinator)) continue;
    const auto* branches = schema::jsonArray(schema.get(combinator));
    if (branches == nullptr) return false;
    for (const Var& branch : *branches) {
      if (!ignores(value, branch, depth + 1)) return false;
    }
  }
  return !schema.has("not") || ignores(value, schema.get("not"), depth + 1);
}

// The subschema that judges member `key` of an object, or nullopt when none does; `known` is
// false when the schema's "properties" is not an object.
std::optional<Var> memberSchema(const Poco::JSON::Object& schema, const std::string& key,
                                bool& known) {
  known = true;
  if (schema.has("properties")) {
    const auto* properties = schema::jsonObject(schema.get("properties"));
    if (properties == nullptr) {
      known = false;
      return std::nullopt;
    }
    if (properties->has(key)) return properties->get(key);
  }
  if (schema.has("additionalProperties")) return schema.get("additionalProperties");
  return std::nullopt;
}

bool ignores(const Var& value, const Var& schema, std::size_t depth) {
  if (!containsTemplate(value)) return true;  // nothing here changes from run to run
  if (depth > 64) return false;               // a hostile schema: judge per run
  if (schema::jsonKind(schema) == schema::JsonKind::Boolean) return schema.convert<bool>();
  const auto* object = schema::jsonObject(schema);
  if (object == nullptr) return false;

  if (schema::isDeferredValue(value)) {
    // The template itself: only annotations and combinators that all accept anything.
    for (const auto& [keyword, ignored] : *object) {
      if (isAnnotation(keyword)) continue;
      if (keyword == "allOf" || keyword == "anyOf" || keyword == "oneOf" || keyword == "not") {
        continue;
      }
      return false;
    }
    return branchesIgnore(*object, value, depth);
  }

  for (const auto& [keyword, ignored] : *object) {
    if (!isAnnotation(keyword) && !isStructural(keyword)) return false;
  }
  if (!branchesIgnore(*object, value, depth)) return false;
  if (const auto* members = schema::jsonObject(value)) {
    for (const auto& [key, member] : *members) {
      bool known = true;
      const std::optional<Var> judge = memberSchema(*object, key, known);
      if (!known) return false;
      if (judge && !ignores(member, *judge, depth + 1)) return false;
    }
    return true;
  }
  if (const auto* items = schema::jsonArray(value)) {
    if (!object->has("items")) return true;
    const Var& item_schema = object->get("items");
    if (schema::jsonArray(item_schema) != nullptr) return false;  // tuple form: not followed
    for (const Var& item : *items) {
      if (!ignores(item, item_schema, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

bool schemaIgnoresTemplatedValues(const Var& config, const Var& schema_document) {
  return ignores(config, schema_document, 0);
}

}  // namespace orchestra::runtime
