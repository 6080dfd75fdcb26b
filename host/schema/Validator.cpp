#include "host/schema/Validator.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "host/schema/JsonPointer.hpp"
#include "host/schema/JsonTraits.hpp"
#include "host/schema/Utf8.hpp"
#include "host/text/EditDistance.hpp"
#include "host/text/Excerpt.hpp"

namespace orchestra::schema {

namespace {

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

template <typename Value>
bool typeMatches(JsonTypeSet types, JsonKind kind, const Value& instance) {
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
             ((types & typeBit(JsonType::Integer)) != 0 && isIntegralNumber(instance));
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

template <typename Value>
bool isMultipleOf(const Value& instance, double divisor) {
  using Traits = JsonTraits<Value>;
  const double value = Traits::number(instance);
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53: every integer below is a double
  if (Traits::kind(instance) == JsonKind::Integer && std::trunc(divisor) == divisor &&
      divisor < kExactIntegers && Traits::isSignedInteger(instance)) {
    return Traits::signedInteger(instance) % static_cast<std::int64_t>(divisor) == 0;
  }
  const double quotient = value / divisor;
  if (!std::isfinite(quotient)) return false;
  // 0.0075 / 0.0001 is 75.00000000000001 in binary floating point: allow for that rounding.
  constexpr double kRelativeTolerance = 1e-12;
  return std::abs(quotient - std::round(quotient)) <=
         kRelativeTolerance * std::max(1.0, std::abs(quotient));
}

// Indexes of two equal items, if the array has any.
template <typename Value>
std::optional<std::pair<std::size_t, std::size_t>> duplicateItems(
    const typename JsonTraits<Value>::Array& array) {
  struct Item {
    std::size_t hash;
    std::size_t index;
    const Value* value;
    bool operator<(const Item& other) const {
      return hash != other.hash ? hash < other.hash : index < other.index;
    }
  };
  std::vector<Item> hashed;  // sorted by hash: O(n log n) overall
  hashed.reserve(JsonTraits<Value>::itemCount(array));
  std::size_t index = 0;
  for (const Value& item : JsonTraits<Value>::items(array)) {
    hashed.push_back({jsonHash(item), index, &item});
    ++index;
  }
  std::sort(hashed.begin(), hashed.end());
  for (std::size_t run = 0; run < hashed.size();) {
    std::size_t run_end = run + 1;
    while (run_end < hashed.size() && hashed[run_end].hash == hashed[run].hash)
      ++run_end;
    for (std::size_t i = run; i < run_end; ++i) {
      for (std::size_t j = i + 1; j < run_end; ++j) {
        if (jsonEquals(*hashed[i].value, *hashed[j].value)) {
          return std::pair{hashed[i].index, hashed[j].index};
        }
      }
    }
    run = run_end;
  }
  return std::nullopt;
}

std::string unknownPropertyMessage(const SchemaNode& node, std::string_view key) {
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
template <typename Value>
bool isPlausibleBranch(const SchemaNode* branch, const Value& instance) {
  using Traits = JsonTraits<Value>;
  while (branch->ref_replaces_siblings)
    branch = branch->ref;
  if (branch->constant) return *branch->constant;
  const JsonKind kind = Traits::kind(instance);
  if (branch->types != 0 && !typeMatches(branch->types, kind, instance)) return false;
  if (kind != JsonKind::Object) return true;
  const auto& object = Traits::object(instance);
  for (const PropertyRule& rule : branch->properties) {
    if (!rule.schema->const_value || !Traits::hasMember(object, rule.name)) continue;
    if (!jsonEquals(Traits::member(object, rule.name), *rule.schema->const_value)) return false;
  }
  return true;
}

// Checks one instance of one representation; see validateInstance.
template <typename Value>
class Validator {
 public:
  Validator(std::vector<ValidationIssue>* issues, std::size_t* omitted)
      : issues_(issues), omitted_(omitted) {}

  bool validate(const SchemaNode& node, const Value& instance);

 private:
  using Traits = JsonTraits<Value>;
  using Object = typename Traits::Object;
  using Array = typename Traits::Array;
  class PathSegment;

  bool collecting() const { return issues_ != nullptr; }
  bool matches(const SchemaNode& node, const Value& instance);

  bool checkValue(const SchemaNode& node, const Value& instance);
  bool checkNumber(const SchemaNode& node, const Value& instance);
  bool checkString(const SchemaNode& node, std::string_view text);
  bool checkArray(const SchemaNode& node, const Array& array);
  bool checkObject(const SchemaNode& node, const Value& instance, const Object& object);
  bool checkMember(const SchemaNode& node, std::string_view key, const Value& value);
  bool checkPropertyName(const SchemaNode& names, std::string_view key);
  bool checkCombinators(const SchemaNode& node, const Value& instance);
  bool explainNoMatch(const std::vector<const SchemaNode*>& branches, const Value& instance,
                      std::string_view keyword, std::string_view summary);

  // Validates a property value or an item, one level deeper in the instance.
  bool descend(const SchemaNode& node, const Value& value, std::string_view segment);
  bool descendIntoItem(const SchemaNode& node, const Value& item, std::size_t index);

  // Records an issue at the current path (the message is only built when collecting) and
  // returns false, so `return fail(...)` reads as the verdict.
  template <typename MessageBuilder>
  bool fail(std::string_view keyword, const MessageBuilder& message);
  template <typename MessageBuilder>
  bool failAtMember(std::string_view member, std::string_view keyword,
                    const MessageBuilder& message);

  std::vector<ValidationIssue>* issues_;
  std::size_t* omitted_;  // null: no cap
  std::string path_;  // JSON pointer of the value being checked; maintained only when collecting
  std::size_t depth_ = 0;
};

// Appends one segment to the path for the lifetime of the object (only while collecting, since
// a verdict-only walk never reads the path).
template <typename Value>
class Validator<Value>::PathSegment {
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

template <typename Value>
template <typename MessageBuilder>
bool Validator<Value>::fail(std::string_view keyword, const MessageBuilder& message) {
  if (!collecting()) return false;
  if (omitted_ != nullptr && issues_->size() >= kMaxRecordedIssues) {
    ++*omitted_;
    return false;
  }
  issues_->push_back({path_, std::string(keyword), message()});
  return false;
}

template <typename Value>
template <typename MessageBuilder>
bool Validator<Value>::failAtMember(std::string_view member, std::string_view keyword,
                                    const MessageBuilder& message) {
  const PathSegment segment(*this, member);
  return fail(keyword, message);
}

template <typename Value>
bool Validator<Value>::validate(const SchemaNode& node, const Value& instance) {
  if (node.constant) return *node.constant || fail("false", [] { return "is not allowed"; });
  if (node.ref_replaces_siblings) return validate(*node.ref, instance);
  const JsonKind kind = Traits::kind(instance);
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
      valid = checkString(node, Traits::string(instance)) && valid;
      break;
    case JsonKind::Array:
      valid = checkArray(node, Traits::array(instance)) && valid;
      break;
    case JsonKind::Object:
      valid = checkObject(node, instance, Traits::object(instance)) && valid;
      break;
    default:
      break;
  }
  if (!valid && !collecting()) return false;
  if (node.ref != nullptr) valid = validate(*node.ref, instance) && valid;
  if (!valid && !collecting()) return false;
  return checkCombinators(node, instance) && valid;
}

template <typename Value>
bool Validator<Value>::matches(const SchemaNode& node, const Value& instance) {
  // A verdict-only walk inside a collecting one: restore the issue list however it ends.
  struct Restore {
    std::vector<ValidationIssue>*& slot;
    std::vector<ValidationIssue>* saved;
    ~Restore() { slot = saved; }
  } restore{issues_, issues_};
  issues_ = nullptr;
  return validate(node, instance);
}

template <typename Value>
bool Validator<Value>::checkValue(const SchemaNode& node, const Value& instance) {
  if (node.const_value && !jsonEquals(instance, *node.const_value)) {
    return fail("const", [&] { return "must be equal to " + describeValue(*node.const_value); });
  }
  if (node.enum_values) {
    const auto& values = *node.enum_values;
    const bool listed =
        std::any_of(values.begin(), values.end(),
                    [&](const Poco::Dynamic::Var& value) { return jsonEquals(instance, value); });
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

template <typename Value>
bool Validator<Value>::checkNumber(const SchemaNode& node, const Value& instance) {
  const double value = Traits::number(instance);
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

template <typename Value>
bool Validator<Value>::checkString(const SchemaNode& node, std::string_view text) {
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

template <typename Value>
bool Validator<Value>::checkArray(const SchemaNode& node, const Array& array) {
  bool valid = true;
  const auto check = [&](bool passed, std::string_view keyword, const auto& message) {
    if (passed) return true;
    valid = fail(keyword, message);
    return collecting();
  };
  const std::size_t size = Traits::itemCount(array);
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
    for (const Value& item : Traits::items(array)) {
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
    const auto duplicate = duplicateItems<Value>(array);
    if (!check(!duplicate, "uniqueItems", [&] {
          return "must not contain duplicate items (items " + std::to_string(duplicate->first) +
                 " and " + std::to_string(duplicate->second) + " are equal)";
        })) {
      return false;
    }
  }
  if (node.contains != nullptr) {
    const auto& items = Traits::items(array);
    const bool found = std::any_of(items.begin(), items.end(), [&](const Value& item) {
      return matches(*node.contains, item);
    });
    if (!check(found, "contains",
               [] { return "must contain at least one item that matches the expected schema"; })) {
      return false;
    }
  }
  return valid;
}

template <typename Value>
bool Validator<Value>::checkObject(const SchemaNode& node, const Value& instance,
                                   const Object& object) {
  bool valid = true;
  const auto check = [&](bool passed, std::string_view keyword, const auto& message) {
    if (passed) return true;
    valid = fail(keyword, message);
    return collecting();
  };
  const bool checks_members = !node.properties.empty() || !node.pattern_properties.empty() ||
                              node.additional_properties != nullptr ||
                              node.property_names != nullptr;
  // Listed only when needed: a RapidJSON object is sorted and its duplicate names dropped.
  std::optional<typename Traits::Members> members;
  if (checks_members || node.min_properties || node.max_properties) {
    members.emplace(Traits::members(object));
  }
  const std::size_t size = members ? members->size() : 0;
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
    if (Traits::hasMember(object, name)) continue;
    valid = failAtMember(name, "required", [] { return "is a required property"; });
    if (!collecting()) return false;
  }
  for (const DependentRequiredRule& rule : node.dependent_required) {
    if (!Traits::hasMember(object, rule.property)) continue;
    for (const std::string& name : rule.required) {
      if (Traits::hasMember(object, name)) continue;
      valid = failAtMember(name, "dependentRequired", [&] {
        return "is required when " + quoted(rule.property) + " is present";
      });
      if (!collecting()) return false;
    }
  }
  if (checks_members) {
    for (const auto& member : *members) {
      if (!checkMember(node, Traits::memberName(member), Traits::memberValue(member))) {
        valid = false;
        if (!collecting()) return false;
      }
    }
  }
  for (const DependentSchemaRule& rule : node.dependent_schemas) {
    if (Traits::hasMember(object, rule.property) && !validate(*rule.schema, instance)) {
      valid = false;
      if (!collecting()) return false;
    }
  }
  return valid;
}

template <typename Value>
bool Validator<Value>::checkMember(const SchemaNode& node, std::string_view key,
                                   const Value& value) {
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

template <typename Value>
bool Validator<Value>::checkPropertyName(const SchemaNode& names, std::string_view key) {
  const Value name = Traits::stringValue(key);
  if (!collecting()) return validate(names, name);
  // The name's own issue would point at the object and say "must match pattern ...": say which
  // name it is about instead.
  std::vector<ValidationIssue> name_issues;
  Validator name_validator(&name_issues, nullptr);
  if (name_validator.validate(names, name)) return true;
  return fail("propertyNames", [&] {
    return "has invalid property name " + quoted(key) + ": " + name_issues.front().message;
  });
}

template <typename Value>
bool Validator<Value>::checkCombinators(const SchemaNode& node, const Value& instance) {
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

template <typename Value>
bool Validator<Value>::explainNoMatch(const std::vector<const SchemaNode*>& branches,
                                      const Value& instance, std::string_view keyword,
                                      std::string_view summary) {
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

template <typename Value>
bool Validator<Value>::descend(const SchemaNode& node, const Value& value,
                               std::string_view segment) {
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

template <typename Value>
bool Validator<Value>::descendIntoItem(const SchemaNode& node, const Value& item,
                                       std::size_t index) {
  std::array<char, 24> digits{};
  const auto printed = std::to_chars(digits.data(), digits.data() + digits.size(), index);
  return descend(node, item, std::string_view(digits.data(), printed.ptr - digits.data()));
}

}  // namespace

template <typename Value>
bool validateInstance(const SchemaNode& node, const Value& instance,
                      std::vector<ValidationIssue>* issues, std::size_t* omitted) {
  return Validator<Value>(issues, omitted).validate(node, instance);
}

template bool validateInstance(const SchemaNode&, const Poco::Dynamic::Var&,
                               std::vector<ValidationIssue>*, std::size_t*);
template bool validateInstance(const SchemaNode&, const rapidjson::Value&,
                               std::vector<ValidationIssue>*, std::size_t*);

}  // namespace orchestra::schema
