#include "host/schema/Validator.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "host/schema/JsonPointer.hpp"
#include "host/schema/Utf8.hpp"
#include "host/text/EditDistance.hpp"
#include "host/text/Excerpt.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;

// Names longer than this get no "did you mean" (edit distance is quadratic in the length).
constexpr std::size_t kMaxSuggestedNameBytes = 64;

std::string numberText(double number) {
  std::array<char, 32> buffer{};
  const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  return {buffer.data(), printed.ptr};
}

std::string countText(std::size_t count, std::string_view singular, std::string_view plural) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

// Property names come from the instance: an error quotes at most an excerpt of one.
std::string quoted(std::string_view text) {
  return "\"" + text::excerpt(text) + "\"";
}

bool typeMatches(JsonTypeSet types, JsonKind kind, const Var& instance) {
  switch (kind) {
    case JsonKind::Null:
      return (types & typeBit(JsonType::Null)) != 0;
    case JsonKind::Boolean:
      return (types & typeBit(JsonType::Boolean)) != 0;
    case JsonKind::String:
      return (types & typeBit(JsonType::String)) != 0;
    case JsonKind::Object:
      return (types & typeBit(JsonType::Object)) != 0;
    case JsonKind::Array:
      return (types & typeBit(JsonType::Array)) != 0;
    case JsonKind::Integer:
      return (types & (typeBit(JsonType::Number) | typeBit(JsonType::Integer))) != 0;
    case JsonKind::Real:
      return (types & typeBit(JsonType::Number)) != 0 ||
             ((types & typeBit(JsonType::Integer)) != 0 && isIntegral(instance));
    case JsonKind::Other:
      break;
  }
  return false;
}

// "must be a string", "must be a string or null", "must be an integer, a string or null".
std::string typeMessage(JsonTypeSet types) {
  constexpr std::array<std::pair<JsonType, std::string_view>, 7> kNames = {{
      {JsonType::Object, "an object"},
      {JsonType::Array, "an array"},
      {JsonType::String, "a string"},
      {JsonType::Integer, "an integer"},
      {JsonType::Number, "a number"},
      {JsonType::Boolean, "a boolean"},
      {JsonType::Null, "null"},
  }};
  if ((types & typeBit(JsonType::Number)) != 0) types &= ~typeBit(JsonType::Integer);
  std::vector<std::string_view> names;
  for (const auto& [type, name] : kNames) {
    if ((types & typeBit(type)) != 0) names.push_back(name);
  }
  std::string message = "must be ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) message += i + 1 == names.size() ? " or " : ", ";
    message += names[i];
  }
  return message;
}

bool isMultipleOf(const Var& instance, double divisor) {
  const double value = numberValue(instance);
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53: every integer below is a double
  if (jsonKind(instance) == JsonKind::Integer && std::trunc(divisor) == divisor &&
      divisor < kExactIntegers && instance.isSigned()) {
    return instance.convert<Poco::Int64>() % static_cast<Poco::Int64>(divisor) == 0;
  }
  const double quotient = value / divisor;
  if (!std::isfinite(quotient)) return false;
  // 0.0075 / 0.0001 is 75.00000000000001 in binary floating point: allow for that rounding.
  constexpr double kRelativeTolerance = 1e-12;
  return std::abs(quotient - std::round(quotient)) <=
         kRelativeTolerance * std::max(1.0, std::abs(quotient));
}

// Indexes of two equal items, if the array has any.
std::optional<std::pair<std::size_t, std::size_t>> duplicateItems(const Poco::JSON::Array& array) {
  std::vector<std::pair<std::size_t, std::size_t>> hashed;  // (hash, index): O(n log n) overall
  hashed.reserve(array.size());
  std::size_t index = 0;
  for (const Var& item : array)
    hashed.emplace_back(jsonHash(item), index++);
  std::sort(hashed.begin(), hashed.end());
  for (std::size_t run = 0; run < hashed.size();) {
    std::size_t run_end = run + 1;
    while (run_end < hashed.size() && hashed[run_end].first == hashed[run].first)
      ++run_end;
    for (std::size_t i = run; i < run_end; ++i) {
      for (std::size_t j = i + 1; j < run_end; ++j) {
        const auto first = static_cast<unsigned>(hashed[i].second);
        const auto second = static_cast<unsigned>(hashed[j].second);
        if (jsonEquals(array.get(first), array.get(second))) {
          return std::pair{hashed[i].second, hashed[j].second};
        }
      }
    }
    run = run_end;
  }
  return std::nullopt;
}

std::string unknownPropertyMessage(const SchemaNode& node, const std::string& key) {
  std::string message = "has unknown property " + quoted(key);
  if (key.size() > kMaxSuggestedNameBytes) return message;
  const std::size_t allowed_edits = text::allowedSuggestionEdits(key);
  std::size_t best_edits = std::numeric_limits<std::size_t>::max();
  const PropertyRule* best = nullptr;
  for (const PropertyRule& rule : node.properties) {
    const std::size_t edits = text::editDistance(key, rule.name);
    if (edits < best_edits) {
      best_edits = edits;
      best = &rule;
    }
  }
  if (best != nullptr && best_edits <= allowed_edits) {
    message += " (did you mean " + quoted(best->name) + "?)";
  }
  return message;
}

// Whether `branch` is the one the instance was evidently meant for: its "type" admits the
// instance and no property it pins with "const" (a discriminator such as "kind") disagrees.
bool isPlausibleBranch(const SchemaNode* branch, const Var& instance) {
  while (branch->ref_replaces_siblings)
    branch = branch->ref;
  if (branch->constant) return *branch->constant;
  const JsonKind kind = jsonKind(instance);
  if (branch->types != 0 && !typeMatches(branch->types, kind, instance)) return false;
  const Poco::JSON::Object* object = jsonObject(instance);
  if (object == nullptr) return true;
  for (const PropertyRule& rule : branch->properties) {
    if (!rule.schema->const_value || !object->has(rule.name)) continue;
    if (!jsonEquals(object->get(rule.name), *rule.schema->const_value)) return false;
  }
  return true;
}

}  // namespace

// Appends one segment to the path for the lifetime of the object (only while collecting, since
// a verdict-only walk never reads the path).
class Validator::PathSegment {
 public:
  PathSegment(Validator& validator, std::string_view segment)
      : path_(validator.path_), saved_size_(path_.size()) {
    if (validator.collecting()) appendPointerSegment(path_, segment);
  }
  ~PathSegment() { path_.resize(saved_size_); }
  PathSegment(const PathSegment&) = delete;
  PathSegment& operator=(const PathSegment&) = delete;

 private:
  std::string& path_;
  std::size_t saved_size_;
};

template <typename MessageBuilder>
bool Validator::fail(std::string_view keyword, const MessageBuilder& message) {
  if (collecting()) issues_->push_back({path_, std::string(keyword), message()});
  return false;
}

template <typename MessageBuilder>
bool Validator::failAtMember(std::string_view member, std::string_view keyword,
                             const MessageBuilder& message) {
  const PathSegment segment(*this, member);
  return fail(keyword, message);
}

bool Validator::validate(const SchemaNode& node, const Var& instance) {
  if (node.constant) return *node.constant || fail("false", [] { return "is not allowed"; });
  if (node.ref_replaces_siblings) return validate(*node.ref, instance);
  const JsonKind kind = jsonKind(instance);
  if (kind == JsonKind::Other) return fail("type", [] { return "is not a JSON value"; });
  // A value of the wrong type gets that one message, not also every keyword it then fails.
  if (node.types != 0 && !typeMatches(node.types, kind, instance)) {
    return fail("type", [&] { return typeMessage(node.types); });
  }
  bool valid = checkValue(node, instance);
  if (!valid && !collecting()) return false;
  switch (kind) {
    case JsonKind::Integer:
    case JsonKind::Real:
      valid = checkNumber(node, instance) && valid;
      break;
    case JsonKind::String:
      valid = checkString(node, instance.extract<std::string>()) && valid;
      break;
    case JsonKind::Array:
      valid = checkArray(node, *jsonArray(instance)) && valid;
      break;
    case JsonKind::Object:
      valid = checkObject(node, instance, *jsonObject(instance)) && valid;
      break;
    default:
      break;
  }
  if (!valid && !collecting()) return false;
  if (node.ref != nullptr) valid = validate(*node.ref, instance) && valid;
  if (!valid && !collecting()) return false;
  return checkCombinators(node, instance) && valid;
}

bool Validator::matches(const SchemaNode& node, const Var& instance) {
  // A verdict-only walk inside a collecting one: restore the issue list however it ends.
  struct Restore {
    std::vector<ValidationIssue>*& slot;
    std::vector<ValidationIssue>* saved;
    ~Restore() { slot = saved; }
  } restore{issues_, issues_};
  issues_ = nullptr;
  return validate(node, instance);
}

bool Validator::checkValue(const SchemaNode& node, const Var& instance) {
  if (node.const_value && !jsonEquals(instance, *node.const_value)) {
    return fail("const", [&] { return "must be equal to " + describeValue(*node.const_value); });
  }
  if (node.enum_values) {
    const auto& values = *node.enum_values;
    const bool listed = std::any_of(values.begin(), values.end(),
                                    [&](const Var& value) { return jsonEquals(instance, value); });
    if (!listed) {
      return fail("enum", [&] {
        std::string message = "must be one of: ";
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (i > 0) message += ", ";
          message += describeValue(values[i]);
        }
        return message;
      });
    }
  }
  return true;
}

bool Validator::checkNumber(const SchemaNode& node, const Var& instance) {
  const double value = numberValue(instance);
  bool valid = true;
  // Each check records its issue; a verdict-only walk stops at the first.
  const auto check = [&](bool passed, std::string_view keyword, const auto& message) {
    if (passed) return true;
    valid = fail(keyword, message);
    return collecting();
  };
  if (node.minimum && !check(value >= *node.minimum, "minimum",
                             [&] { return "must be at least " + numberText(*node.minimum); })) {
    return false;
  }
  if (node.maximum && !check(value <= *node.maximum, "maximum",
                             [&] { return "must be at most " + numberText(*node.maximum); })) {
    return false;
  }
  if (node.exclusive_minimum && !check(value > *node.exclusive_minimum, "exclusiveMinimum", [&] {
        return "must be greater than " + numberText(*node.exclusive_minimum);
      })) {
    return false;
  }
  if (node.exclusive_maximum && !check(value < *node.exclusive_maximum, "exclusiveMaximum", [&] {
        return "must be less than " + numberText(*node.exclusive_maximum);
      })) {
    return false;
  }
  if (node.multiple_of && !check(isMultipleOf(instance, *node.multiple_of), "multipleOf", [&] {
        return "must be a multiple of " + numberText(*node.multiple_of);
      })) {
    return false;
  }
  return valid;
}

bool Validator::checkString(const SchemaNode& node, const std::string& text) {
  bool valid = true;
  const auto check = [&](bool passed, std::string_view keyword, const auto& message) {
    if (passed) return true;
    valid = fail(keyword, message);
    return collecting();
  };
  if (node.min_length || node.max_length) {
    const std::size_t length = codePointCount(text);
    if (node.min_length && !check(length >= *node.min_length, "minLength", [&] {
          return "must be at least " + countText(*node.min_length, "character", "characters") +
                 " long";
        })) {
      return false;
    }
    if (node.max_length && !check(length <= *node.max_length, "maxLength", [&] {
          return "must be at most " + countText(*node.max_length, "character", "characters") +
                 " long";
        })) {
      return false;
    }
  }
  if (node.pattern) {
    const Pattern::Outcome outcome = node.pattern->search(text);
    if (!check(outcome == Pattern::Outcome::Match, "pattern", [&] {
          if (outcome == Pattern::Outcome::TooLong) {
            return "is too long to be checked against pattern " + node.pattern->source() +
                   " (the limit is " + std::to_string(node.pattern->maxSubjectBytes()) + " bytes)";
          }
          return "must match pattern " + node.pattern->source();
        })) {
      return false;
    }
  }
  if (node.format != Format::Unknown && !check(conformsTo(node.format, text), "format", [&] {
        return "must be " + std::string(formatDescription(node.format));
      })) {
    return false;
  }
  return valid;
}

bool Validator::checkArray(const SchemaNode& node, const Poco::JSON::Array& array) {
  bool valid = true;
  const auto check = [&](bool passed, std::string_view keyword, const auto& message) {
    if (passed) return true;
    valid = fail(keyword, message);
    return collecting();
  };
  const std::size_t size = array.size();
  if (node.min_items && !check(size >= *node.min_items, "minItems", [&] {
        return "must have at least " + countText(*node.min_items, "item", "items");
      })) {
    return false;
  }
  if (node.max_items && !check(size <= *node.max_items, "maxItems", [&] {
        return "must have at most " + countText(*node.max_items, "item", "items");
      })) {
    return false;
  }
  if (!node.prefix_items.empty() || node.items != nullptr) {
    std::size_t index = 0;
    for (const Var& item : array) {
      const SchemaNode* item_schema =
          index < node.prefix_items.size() ? node.prefix_items[index] : node.items;
      if (item_schema != nullptr && !descendIntoItem(*item_schema, item, index)) {
        valid = false;
        if (!collecting()) return false;
      }
      ++index;
    }
  }
  if (node.unique_items && size > 1) {
    const auto duplicate = duplicateItems(array);
    if (!check(!duplicate, "uniqueItems", [&] {
          return "must not contain duplicate items (items " + std::to_string(duplicate->first) +
                 " and " + std::to_string(duplicate->second) + " are equal)";
        })) {
      return false;
    }
  }
  if (node.contains != nullptr) {
    const bool found = std::any_of(array.begin(), array.end(),
                                   [&](const Var& item) { return matches(*node.contains, item); });
    if (!check(found, "contains",
               [] { return "must contain at least one item that matches the expected schema"; })) {
      return false;
    }
  }
  return valid;
}

bool Validator::checkObject(const SchemaNode& node, const Var& instance,
                            const Poco::JSON::Object& object) {
  bool valid = true;
  const auto check = [&](bool passed, std::string_view keyword, const auto& message) {
    if (passed) return true;
    valid = fail(keyword, message);
    return collecting();
  };
  const std::size_t size = object.size();
  if (node.min_properties && !check(size >= *node.min_properties, "minProperties", [&] {
        return "must have at least " + countText(*node.min_properties, "property", "properties");
      })) {
    return false;
  }
  if (node.max_properties && !check(size <= *node.max_properties, "maxProperties", [&] {
        return "must have at most " + countText(*node.max_properties, "property", "properties");
      })) {
    return false;
  }
  for (const std::string& name : node.required) {
    if (object.has(name)) continue;
    valid = failAtMember(name, "required", [] { return "is a required property"; });
    if (!collecting()) return false;
  }
  for (const DependentRequiredRule& rule : node.dependent_required) {
    if (!object.has(rule.property)) continue;
    for (const std::string& name : rule.required) {
      if (object.has(name)) continue;
      valid = failAtMember(name, "dependentRequired", [&] {
        return "is required when " + quoted(rule.property) + " is present";
      });
      if (!collecting()) return false;
    }
  }
  const bool checks_members = !node.properties.empty() || !node.pattern_properties.empty() ||
                              node.additional_properties != nullptr ||
                              node.property_names != nullptr;
  if (checks_members) {
    for (const auto& [key, value] : object) {
      if (!checkMember(node, key, value)) {
        valid = false;
        if (!collecting()) return false;
      }
    }
  }
  for (const DependentSchemaRule& rule : node.dependent_schemas) {
    if (object.has(rule.property) && !validate(*rule.schema, instance)) {
      valid = false;
      if (!collecting()) return false;
    }
  }
  return valid;
}

bool Validator::checkMember(const SchemaNode& node, const std::string& key, const Var& value) {
  bool valid = true;
  bool matched = false;
  if (const PropertyRule* rule = node.findProperty(key)) {
    matched = true;
    valid = descend(*rule->schema, value, key);
    if (!valid && !collecting()) return false;
  }
  for (const PatternPropertyRule& rule : node.pattern_properties) {
    if (rule.pattern.search(key) != Pattern::Outcome::Match) continue;
    matched = true;
    valid = descend(*rule.schema, value, key) && valid;
    if (!valid && !collecting()) return false;
  }
  if (!matched && node.additional_properties != nullptr) {
    if (node.additional_properties->isFalse()) {
      valid = fail("additionalProperties", [&] { return unknownPropertyMessage(node, key); });
    } else {
      valid = descend(*node.additional_properties, value, key) && valid;
    }
    if (!valid && !collecting()) return false;
  }
  if (node.property_names != nullptr) valid = checkPropertyName(*node.property_names, key) && valid;
  return valid;
}

bool Validator::checkPropertyName(const SchemaNode& names, const std::string& key) {
  if (!collecting()) return validate(names, Var(key));
  // The name's own issue would point at the object and say "must match pattern ...": say which
  // name it is about instead.
  std::vector<ValidationIssue> name_issues;
  Validator name_validator(&name_issues);
  if (name_validator.validate(names, Var(key))) return true;
  return fail("propertyNames", [&] {
    return "has invalid property name " + quoted(key) + ": " + name_issues.front().message;
  });
}

bool Validator::checkCombinators(const SchemaNode& node, const Var& instance) {
  bool valid = true;
  for (const SchemaNode* branch : node.all_of) {
    valid = validate(*branch, instance) && valid;
    if (!valid && !collecting()) return false;
  }
  if (!node.any_of.empty()) {
    const bool any =
        std::any_of(node.any_of.begin(), node.any_of.end(),
                    [&](const SchemaNode* branch) { return matches(*branch, instance); });
    if (!any) {
      valid = explainNoMatch(node.any_of, instance, "anyOf",
                             "must match at least one of the allowed schemas");
      if (!collecting()) return false;
    }
  }
  if (!node.one_of.empty()) {
    std::size_t matching = 0;
    for (const SchemaNode* branch : node.one_of) {
      if (matches(*branch, instance) && ++matching > 1) break;
    }
    if (matching == 0) {
      valid = explainNoMatch(node.one_of, instance, "oneOf",
                             "must match exactly one of the allowed schemas");
    } else if (matching > 1) {
      valid = fail("oneOf", [] {
        return "must match exactly one of the allowed schemas, but matches more than one";
      });
    }
    if (!valid && !collecting()) return false;
  }
  if (node.not_schema != nullptr && matches(*node.not_schema, instance)) {
    valid = fail("not", [] { return "must not match the disallowed schema"; });
    if (!collecting()) return false;
  }
  if (node.if_schema != nullptr) {
    const SchemaNode* outcome =
        matches(*node.if_schema, instance) ? node.then_schema : node.else_schema;
    if (outcome != nullptr) valid = validate(*outcome, instance) && valid;
  }
  return valid;
}

bool Validator::explainNoMatch(const std::vector<const SchemaNode*>& branches, const Var& instance,
                               std::string_view keyword, std::string_view summary) {
  if (!collecting()) return false;
  // "must match one of the allowed schemas" helps nobody when the value evidently meant one
  // branch (the only object branch, or the one whose "kind" it names): explain that branch.
  const SchemaNode* intended = nullptr;
  for (const SchemaNode* branch : branches) {
    if (!isPlausibleBranch(branch, instance)) continue;
    if (intended != nullptr) return fail(keyword, [&] { return std::string(summary); });
    intended = branch;
  }
  if (intended != nullptr) {
    const std::size_t issues_before = issues_->size();
    if (!validate(*intended, instance) && issues_->size() > issues_before) return false;
  }
  return fail(keyword, [&] { return std::string(summary); });
}

bool Validator::descend(const SchemaNode& node, const Var& value, std::string_view segment) {
  if (node.constant == true) return true;
  const PathSegment path_segment(*this, segment);
  if (depth_ >= kMaxInstanceDepth) {
    return fail("depth", [] {
      return "is nested too deeply (more than " + std::to_string(kMaxInstanceDepth) + " levels)";
    });
  }
  ++depth_;
  const bool valid = validate(node, value);
  --depth_;
  return valid;
}

bool Validator::descendIntoItem(const SchemaNode& node, const Var& item, std::size_t index) {
  std::array<char, 24> digits{};
  const auto printed = std::to_chars(digits.data(), digits.data() + digits.size(), index);
  return descend(node, item, std::string_view(digits.data(), printed.ptr - digits.data()));
}

}  // namespace orchestra::schema
