// A small JSON Schema validator and default filler for FakeHost, so a plugin's unit tests see the
// config refusals Orchestra would produce without linking the host. Tests only; not for plugins.
#pragma once

#include <cmath>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestra/sdk/Json.hpp"

namespace orchestra::sdk::testing {

// Checks the keywords plugin config schemas need: type, enum, const, properties, required,
// additionalProperties, patternProperties, propertyNames, min/maxProperties, dependentRequired,
// minimum, maximum, exclusiveMinimum/Maximum, multipleOf, min/maxLength (in code points),
// pattern (ECMAScript, like the host), items (one schema or a list), prefixItems, min/maxItems,
// uniqueItems, allOf, anyOf, oneOf, not, if/then/else and boolean schemas. Other keywords
// ("format", "$ref", ...) are ignored, as JSON Schema says of unknown ones: the host may refuse
// a config this accepts, never the reverse. Messages follow the host's wording.
class SchemaCheck {
 public:
  // "" when `config` satisfies `schema`, else the first problem as the host words it:
  // `config invalid at "/timeout_ms": must be at most 300000`.
  static std::string firstProblem(const Json& schema, const Json& config) {
    SchemaCheck check;
    if (check.matches(schema, config, "")) return {};
    return "config invalid at \"" + (check.path_.empty() ? "/" : check.path_) +
           "\": " + check.message_;
  }

  // `instance` with each missing property that has a "default" added, recursively inside the
  // properties and items present (and through allOf), as the host does before validating. An
  // absent nested object is not created unless its own "default" says so.
  static Json withDefaults(const Json& schema, Json instance) {
    fillDefaults(schema, instance);
    return instance;
  }

 private:
  // Records the first failure only; probes (anyOf, oneOf, not, if) use a checker of their own.
  bool fail(const std::string& path, std::string message) {
    if (message_.empty()) {
      path_ = path;
      message_ = std::move(message);
    }
    return false;
  }
  static bool probe(const Json& schema, const Json& value) {
    SchemaCheck check;
    return check.matches(schema, value, "");
  }

  static std::string pointer(const std::string& path, std::string_view token) {
    std::string out = path + "/";
    for (char c : token) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
    return out;
  }
  static std::string numberText(const Json& number) { return number.dump(); }
  // As the host names an allowed value: strings bare, anything else as JSON.
  static std::string describe(const Json& value) {
    return value.isString() ? value.asString() : value.dump();
  }
  static std::string countText(const Json& count, const char* singular, const char* plural) {
    return count.dump() + " " + (count == Json(1) ? singular : plural);
  }
  static size_t codePoints(const std::string& text) {
    size_t count = 0;
    for (char c : text)
      count += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? size_t{1} : size_t{0};
    return count;
  }
  static bool hasType(const Json& value, const std::string& type) {
    if (type == "null") return value.isNull();
    if (type == "boolean") return value.isBool();
    if (type == "integer") return value.isInteger();
    if (type == "number") return value.isNumber();
    if (type == "string") return value.isString();
    if (type == "array") return value.isArray();
    if (type == "object") return value.isObject();
    return false;
  }
  static std::string typeWord(const std::string& type) {
    if (type == "null" || type == "boolean") return type == "null" ? "null" : "a boolean";
    if (type == "integer" || type == "object" || type == "array") return "an " + type;
    return "a " + type;
  }
  static bool search(const std::string& pattern, const std::string& text) {
    try {
      return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error&) {
      return false;  // an invalid pattern matches nothing (the host refuses such a schema)
    }
  }

  bool matches(const Json& schema, const Json& value, const std::string& path) {
    if (schema.isBool()) return schema.asBool() || fail(path, "is not allowed");
    if (!schema.isObject()) return true;
    if (!matchesType(schema, value, path)) return false;  // one message for a wrong type
    bool valid = matchesValue(schema, value, path);
    if (value.isNumber()) valid = matchesNumber(schema, value, path) && valid;
    if (value.isString()) valid = matchesString(schema, value.asString(), path) && valid;
    if (value.isArray()) valid = matchesArray(schema, value.asArray(), path) && valid;
    if (value.isObject()) valid = matchesObject(schema, value.asObject(), path) && valid;
    return matchesCombinations(schema, value, path) && valid;
  }

  bool matchesType(const Json& schema, const Json& value, const std::string& path) {
    const Json* type = schema.find("type");
    if (type == nullptr) return true;
    Json::Array types = type->isArray() ? type->asArray() : Json::Array{*type};
    auto allows = [&](const char* name) {
      for (const Json& allowed : types) {
        if (allowed.isString() && allowed.asString() == name) return true;
      }
      return false;
    };
    for (const Json& allowed : types) {
      if (allowed.isString() && hasType(value, allowed.asString())) return true;
    }
    // The host's wording and order: "must be an array, a string, a number or a boolean".
    std::vector<std::string> names;
    for (const char* name : {"object", "array", "string", "integer", "number", "boolean", "null"}) {
      bool covered_by_number = std::string_view(name) == "integer" && allows("number");
      if (allows(name) && !covered_by_number) names.push_back(typeWord(name));
    }
    std::string expected;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) expected += i + 1 == names.size() ? " or " : ", ";
      expected += names[i];
    }
    return fail(path, "must be " + expected);
  }

  bool matchesValue(const Json& schema, const Json& value, const std::string& path) {
    if (const Json* constant = schema.find("const"); constant != nullptr && value != *constant) {
      return fail(path, "must be equal to " + describe(*constant));
    }
    const Json* allowed = schema.find("enum");
    if (allowed == nullptr || !allowed->isArray()) return true;
    std::string choices;
    for (const Json& choice : allowed->asArray()) {
      if (value == choice) return true;
      choices += (choices.empty() ? "" : ", ") + describe(choice);
    }
    return fail(path, "must be one of: " + choices);
  }

  bool matchesNumber(const Json& schema, const Json& value, const std::string& path) {
    double number = value.asNumber();
    auto bound = [&](const char* keyword) -> const Json* {
      const Json* found = schema.find(keyword);
      return found != nullptr && found->isNumber() ? found : nullptr;
    };
    if (const Json* minimum = bound("minimum"); minimum && number < minimum->asNumber()) {
      return fail(path, "must be at least " + numberText(*minimum));
    }
    if (const Json* maximum = bound("maximum"); maximum && number > maximum->asNumber()) {
      return fail(path, "must be at most " + numberText(*maximum));
    }
    if (const Json* above = bound("exclusiveMinimum"); above && number <= above->asNumber()) {
      return fail(path, "must be greater than " + numberText(*above));
    }
    if (const Json* below = bound("exclusiveMaximum"); below && number >= below->asNumber()) {
      return fail(path, "must be less than " + numberText(*below));
    }
    if (const Json* step = bound("multipleOf"); step && step->asNumber() > 0) {
      double quotient = number / step->asNumber();
      if (quotient != std::floor(quotient)) {
        return fail(path, "must be a multiple of " + numberText(*step));
      }
    }
    return true;
  }

  bool matchesString(const Json& schema, const std::string& text, const std::string& path) {
    size_t length = codePoints(text);
    const Json* min_length = schema.find("minLength");
    if (min_length != nullptr && min_length->isInteger() &&
        length < static_cast<size_t>(min_length->asInt())) {
      return fail(
          path, "must be at least " + countText(*min_length, "character", "characters") + " long");
    }
    const Json* max_length = schema.find("maxLength");
    if (max_length != nullptr && max_length->isInteger() &&
        length > static_cast<size_t>(max_length->asInt())) {
      return fail(path,
                  "must be at most " + countText(*max_length, "character", "characters") + " long");
    }
    const Json* pattern = schema.find("pattern");
    if (pattern != nullptr && pattern->isString() && !search(pattern->asString(), text)) {
      return fail(path, "must match pattern " + pattern->asString());
    }
    return true;
  }

  bool matchesArray(const Json& schema, const Json::Array& items, const std::string& path) {
    const Json* min_items = schema.find("minItems");
    if (min_items != nullptr && min_items->isInteger() &&
        items.size() < static_cast<size_t>(min_items->asInt())) {
      return fail(path, "must have at least " + countText(*min_items, "item", "items"));
    }
    const Json* max_items = schema.find("maxItems");
    if (max_items != nullptr && max_items->isInteger() &&
        items.size() > static_cast<size_t>(max_items->asInt())) {
      return fail(path, "must have at most " + countText(*max_items, "item", "items"));
    }
    const Json* unique = schema.find("uniqueItems");
    if (unique != nullptr && unique->isBool() && unique->asBool()) {
      for (size_t i = 0; i < items.size(); ++i) {
        for (size_t j = i + 1; j < items.size(); ++j) {
          if (items[i] == items[j]) {
            return fail(path, "must not contain duplicate items (items " + std::to_string(i) +
                                  " and " + std::to_string(j) + " are equal)");
          }
        }
      }
    }
    // "prefixItems" (or the older list form of "items") per position, then "items" for the rest.
    const Json* items_schema = schema.find("items");
    const Json* prefix = schema.find("prefixItems");
    if (prefix == nullptr && items_schema != nullptr && items_schema->isArray()) {
      prefix = items_schema;
      items_schema = nullptr;
    }
    bool valid = true;
    for (size_t i = 0; i < items.size(); ++i) {
      std::string item_path = pointer(path, std::to_string(i));
      if (prefix != nullptr && prefix->isArray() && i < prefix->asArray().size()) {
        valid = matches(prefix->asArray()[i], items[i], item_path) && valid;
      } else if (items_schema != nullptr) {
        valid = matches(*items_schema, items[i], item_path) && valid;
      }
    }
    return valid;
  }

  bool matchesObject(const Json& schema, const Json::Object& members, const std::string& path) {
    bool valid = true;
    const Json* min_properties = schema.find("minProperties");
    if (min_properties != nullptr && min_properties->isInteger() &&
        members.size() < static_cast<size_t>(min_properties->asInt())) {
      valid =
          fail(path, "must have at least " + countText(*min_properties, "property", "properties"));
    }
    const Json* max_properties = schema.find("maxProperties");
    if (max_properties != nullptr && max_properties->isInteger() &&
        members.size() > static_cast<size_t>(max_properties->asInt())) {
      valid =
          fail(path, "must have at most " + countText(*max_properties, "property", "properties"));
    }
    if (const Json* required = schema.find("required");
        required != nullptr && required->isArray()) {
      for (const Json& name : required->asArray()) {
        if (name.isString() && members.count(name.asString()) == 0) {
          valid = fail(pointer(path, name.asString()), "is a required property");
        }
      }
    }
    if (const Json* dependent = schema.find("dependentRequired");
        dependent != nullptr && dependent->isObject()) {
      for (const auto& [trigger, names] : dependent->asObject()) {
        if (members.count(trigger) == 0 || !names.isArray()) continue;
        for (const Json& name : names.asArray()) {
          if (name.isString() && members.count(name.asString()) == 0) {
            valid = fail(pointer(path, name.asString()),
                         "is required when \"" + trigger + "\" is present");
          }
        }
      }
    }
    const Json* properties = schema.find("properties");
    const Json* patterns = schema.find("patternProperties");
    const Json* additional = schema.find("additionalProperties");
    const Json* names = schema.find("propertyNames");
    for (const auto& [key, member] : members) {
      std::string member_path = pointer(path, key);
      if (names != nullptr) {
        SchemaCheck name_check;
        if (!name_check.matches(*names, Json(key), "")) {
          valid = fail(path, "has invalid property name \"" + key + "\": " + name_check.message_);
        }
      }
      bool declared = false;
      if (const Json* property = properties != nullptr ? properties->find(key) : nullptr) {
        declared = true;
        valid = matches(*property, member, member_path) && valid;
      }
      if (patterns != nullptr && patterns->isObject()) {
        for (const auto& [pattern, pattern_schema] : patterns->asObject()) {
          if (!search(pattern, key)) continue;
          declared = true;
          valid = matches(pattern_schema, member, member_path) && valid;
        }
      }
      if (declared || additional == nullptr) continue;
      if (additional->isBool() && !additional->asBool()) {
        valid = fail(path, "has unknown property \"" + key + "\"");
      } else {
        valid = matches(*additional, member, member_path) && valid;
      }
    }
    return valid;
  }

  bool matchesCombinations(const Json& schema, const Json& value, const std::string& path) {
    bool valid = true;
    if (const Json* all = schema.find("allOf"); all != nullptr && all->isArray()) {
      for (const Json& part : all->asArray())
        valid = matches(part, value, path) && valid;
    }
    if (const Json* any = schema.find("anyOf"); any != nullptr && any->isArray()) {
      bool matched = false;
      for (const Json& part : any->asArray())
        matched = matched || probe(part, value);
      if (!matched) valid = fail(path, "must match at least one of the allowed schemas");
    }
    if (const Json* one = schema.find("oneOf"); one != nullptr && one->isArray()) {
      size_t matched = 0;
      for (const Json& part : one->asArray())
        matched += probe(part, value) ? size_t{1} : size_t{0};
      if (matched != 1) {
        valid = fail(path, matched == 0 ? "must match exactly one of the allowed schemas"
                                        : "must match exactly one of the allowed schemas, but "
                                          "matches more than one");
      }
    }
    if (const Json* negated = schema.find("not"); negated != nullptr && probe(*negated, value)) {
      valid = fail(path, "must not match the disallowed schema");
    }
    if (const Json* condition = schema.find("if"); condition != nullptr) {
      const Json* branch = schema.find(probe(*condition, value) ? "then" : "else");
      if (branch != nullptr) valid = matches(*branch, value, path) && valid;
    }
    return valid;
  }

  static void fillDefaults(const Json& schema, Json& instance) {
    if (!schema.isObject()) return;
    if (const Json* all = schema.find("allOf"); all != nullptr && all->isArray()) {
      for (const Json& part : all->asArray())
        fillDefaults(part, instance);
    }
    if (instance.isObject()) {
      const Json* properties = schema.find("properties");
      if (properties == nullptr || !properties->isObject()) return;
      for (const auto& [name, property] : properties->asObject()) {
        if (!instance.contains(name)) {
          const Json* fallback = property.find("default");
          if (fallback == nullptr) continue;
          instance[name] = *fallback;
        }
        fillDefaults(property, instance[name]);
      }
    } else if (instance.isArray()) {
      const Json* items = schema.find("items");
      if (items == nullptr || !items->isObject()) return;
      for (Json& item : instance.asArray())
        fillDefaults(*items, item);
    }
  }

  std::string path_;
  std::string message_;
};

}  // namespace orchestra::sdk::testing
