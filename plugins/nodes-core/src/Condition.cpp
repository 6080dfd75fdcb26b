#include "Condition.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <regex>
#include <utility>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

constexpr std::array<std::pair<std::string_view, ConditionOperator>, 12> kOperators{{
    {"eq", ConditionOperator::Eq},
    {"ne", ConditionOperator::Ne},
    {"gt", ConditionOperator::Gt},
    {"gte", ConditionOperator::Gte},
    {"lt", ConditionOperator::Lt},
    {"lte", ConditionOperator::Lte},
    {"contains", ConditionOperator::Contains},
    {"starts_with", ConditionOperator::StartsWith},
    {"ends_with", ConditionOperator::EndsWith},
    {"is_empty", ConditionOperator::IsEmpty},
    {"is_not_empty", ConditionOperator::IsNotEmpty},
    {"matches", ConditionOperator::Matches},
}};

bool isUnary(ConditionOperator op) {
  return op == ConditionOperator::IsEmpty || op == ConditionOperator::IsNotEmpty;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Studio form fields produce strings, so "42" compares as the number 42 where a number is
// expected. Only a string that is entirely a finite number qualifies.
std::optional<double> numberOf(const Json& value) {
  if (value.isNumber()) return value.asNumber();
  if (!value.isString()) return std::nullopt;
  const std::string& text = value.asString();
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())) ||
      std::isspace(static_cast<unsigned char>(text.back()))) {
    return std::nullopt;
  }
  char* end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(number)) return std::nullopt;
  return number;
}

bool isEmptyValue(const Json& value) {
  if (value.isNull()) return true;
  if (value.isString()) return value.asString().empty();
  if (value.isArray()) return value.asArray().empty();
  if (value.isObject()) return value.asObject().empty();
  return false;
}

const char* typeName(const Json& value) {
  if (value.isNull()) return "null";
  if (value.isBool()) return "a boolean";
  if (value.isNumber()) return "a number";
  if (value.isString()) return "a string";
  if (value.isArray()) return "an array";
  return "an object";
}

std::regex compileRegex(const std::string& pattern, bool case_sensitive, const std::string& where) {
  if (pattern.size() > Condition::kMaxPatternBytes) {
    throw Error::validation(where + ": the regular expression is longer than " +
                            std::to_string(Condition::kMaxPatternBytes) + " bytes");
  }
  auto flags = std::regex::ECMAScript;
  if (!case_sensitive) flags |= std::regex::icase;
  try {
    return std::regex(pattern, flags);
  } catch (const std::regex_error& error) {
    throw Error::validation(where + ": invalid regular expression: " + error.what());
  }
}

}  // namespace

Condition Condition::parse(const Json& config, ConfigPhase phase, std::string_view where) {
  ConfigReader reader(config, phase, where);
  reader.allowOnly({"left", "operator", "right", "case_sensitive"});
  Condition condition;
  condition.where_ = std::string(where);
  if (!config.contains("left")) throw Error::validation(reader.name("left") + " is required");
  condition.left_ = reader.value("left");
  std::string op = reader.requiredString("operator");
  bool known = false;
  for (const auto& [name, value] : kOperators) {
    if (name == op) {
      condition.op_ = value;
      known = true;
    }
  }
  if (!known) {
    throw Error::validation(reader.name("operator") + " '" + op + "' is not a known operator");
  }
  condition.operator_name_ = op;
  if (!isUnary(condition.op_) && !config.contains("right")) {
    throw Error::validation(reader.name("right") + " is required for operator '" + op + "'");
  }
  condition.right_ = reader.value("right");
  condition.case_sensitive_ = reader.boolean("case_sensitive", true);
  if (condition.op_ == ConditionOperator::Matches && !reader.deferred("right")) {
    if (!condition.right_.isString()) {
      throw Error::validation(reader.name("right") + " must be a regular expression string");
    }
    compileRegex(condition.right_.asString(), condition.case_sensitive_, condition.where_);
  }
  return condition;
}

std::string Condition::schema() {
  std::string operators;
  for (const auto& [name, value] : kOperators) {
    operators += operators.empty() ? "" : ",";
    operators += Json::quote(name);
  }
  return R"({"type":"object","description":"left <operator> right over resolved JSON values",)"
         R"("properties":{"left":{"description":"The value to test, usually an expression"},)"
         R"("operator":{"type":"string","enum":[)" +
         operators +
         R"(]},"right":{"description":"The value to compare with: a regex for matches, unused )"
         R"(by is_empty and is_not_empty"},)"
         R"("case_sensitive":{"type":"boolean","default":true}},)"
         R"("required":["left","operator"],"additionalProperties":false})";
}

bool Condition::evaluate() const {
  switch (op_) {
    case ConditionOperator::Eq:
      return compareEqual();
    case ConditionOperator::Ne:
      return !compareEqual();
    case ConditionOperator::Gt:
      return compareOrdered() > 0;
    case ConditionOperator::Gte:
      return compareOrdered() >= 0;
    case ConditionOperator::Lt:
      return compareOrdered() < 0;
    case ConditionOperator::Lte:
      return compareOrdered() <= 0;
    case ConditionOperator::Contains:
      return evaluateContains();
    case ConditionOperator::StartsWith:
    case ConditionOperator::EndsWith:
      return evaluateText();
    case ConditionOperator::IsEmpty:
      return isEmptyValue(left_);
    case ConditionOperator::IsNotEmpty:
      return !isEmptyValue(left_);
    case ConditionOperator::Matches:
      return evaluateMatches();
  }
  return false;
}

bool Condition::compareEqual() const {
  if (left_.isString() && right_.isString()) {
    return case_sensitive_ ? left_.asString() == right_.asString()
                           : lower(left_.asString()) == lower(right_.asString());
  }
  // Two JSON numbers compare exactly (ids above 2^53 included); only a number against a
  // numeric string goes through doubles.
  if (left_.isNumber() && right_.isNumber()) return left_ == right_;
  if (left_.isNumber() || right_.isNumber()) {
    std::optional<double> left = numberOf(left_);
    std::optional<double> right = numberOf(right_);
    if (left && right) return *left == *right;
  }
  return left_ == right_;
}

int Condition::compareOrdered() const {
  std::optional<double> left = numberOf(left_);
  std::optional<double> right = numberOf(right_);
  if (left && right) return *left < *right ? -1 : (*left > *right ? 1 : 0);
  if (left_.isString() && right_.isString()) {
    // Byte order, which is also chronological order for ISO 8601 timestamps.
    std::string a = case_sensitive_ ? left_.asString() : lower(left_.asString());
    std::string b = case_sensitive_ ? right_.asString() : lower(right_.asString());
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  throw Error::validation(where_ + ": cannot order " + typeName(left_) + " and " +
                          typeName(right_) + " with '" + operator_name_ + "'");
}

bool Condition::evaluateText() const {
  auto text = [&](const Json& value) -> std::string {
    if (value.isString()) return case_sensitive_ ? value.asString() : lower(value.asString());
    if (value.isNumber()) return value.dump();
    throw Error::validation(where_ + ": '" + operator_name_ + "' needs strings, got " +
                            typeName(value));
  };
  std::string subject = text(left_);
  std::string part = text(right_);
  if (part.size() > subject.size()) return false;
  if (op_ == ConditionOperator::StartsWith) return subject.compare(0, part.size(), part) == 0;
  return subject.compare(subject.size() - part.size(), part.size(), part) == 0;
}

bool Condition::evaluateContains() const {
  if (left_.isString()) {
    if (!right_.isString() && !right_.isNumber()) {
      throw Error::validation(where_ + ": a string can only contain a string, got " +
                              typeName(right_));
    }
    std::string needle = right_.isString() ? right_.asString() : right_.dump();
    if (case_sensitive_) return left_.asString().find(needle) != std::string::npos;
    return lower(left_.asString()).find(lower(needle)) != std::string::npos;
  }
  if (left_.isArray()) {
    for (const Json& item : left_.asArray()) {
      Condition element = *this;
      element.op_ = ConditionOperator::Eq;
      element.left_ = item;
      if (element.compareEqual()) return true;
    }
    return false;
  }
  if (left_.isObject()) {
    if (!right_.isString()) {
      throw Error::validation(where_ + ": an object contains keys; 'right' must be a string");
    }
    return left_.contains(right_.asString());
  }
  throw Error::validation(where_ +
                          ": 'contains' needs a string, an array or an object on the "
                          "left, got " +
                          typeName(left_));
}

bool Condition::evaluateMatches() const {
  if (!right_.isString()) {
    throw Error::validation(where_ + ": 'matches' needs a regular expression string on the right");
  }
  if (!left_.isString() && !left_.isNumber()) {
    throw Error::validation(where_ + ": 'matches' needs a string on the left, got " +
                            typeName(left_));
  }
  std::string subject = left_.isString() ? left_.asString() : left_.dump();
  if (subject.size() > kMaxRegexSubjectBytes) {
    throw Error::validation(where_ + ": the text to match is longer than " +
                            std::to_string(kMaxRegexSubjectBytes) + " bytes");
  }
  std::regex pattern = compileRegex(right_.asString(), case_sensitive_, where_);
  try {
    return std::regex_search(subject, pattern);
  } catch (const std::regex_error& error) {
    // error_complexity / error_stack: the pattern backtracks too much on this input.
    throw Error::validation(where_ +
                            ": the regular expression could not be evaluated: " + error.what());
  }
}

}  // namespace orchestra::plugins::core
