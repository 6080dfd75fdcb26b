// Checks one instance against a compiled schema, either collecting every issue (with its path and
// a message for the UI) or, with no issue list, stopping at the first failure.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/JsonValue.hpp"
#include "host/schema/SchemaNode.hpp"
#include "host/schema/ValidationResult.hpp"

namespace orchestra::schema {

class Validator {
 public:
  // With `issues` null only the verdict is computed, which is what anyOf, oneOf, not, if and
  // contains need from their branches, and what Schema::isValid offers callers.
  explicit Validator(std::vector<ValidationIssue>* issues) : issues_(issues) {}

  bool validate(const SchemaNode& node, const Poco::Dynamic::Var& instance);

 private:
  class PathSegment;

  bool collecting() const { return issues_ != nullptr; }
  bool matches(const SchemaNode& node, const Poco::Dynamic::Var& instance);

  bool checkValue(const SchemaNode& node, const Poco::Dynamic::Var& instance);
  bool checkNumber(const SchemaNode& node, const Poco::Dynamic::Var& instance);
  bool checkString(const SchemaNode& node, const std::string& text);
  bool checkArray(const SchemaNode& node, const Poco::JSON::Array& array);
  bool checkObject(const SchemaNode& node, const Poco::Dynamic::Var& instance,
                   const Poco::JSON::Object& object);
  bool checkMember(const SchemaNode& node, const std::string& key, const Poco::Dynamic::Var& value);
  bool checkPropertyName(const SchemaNode& names, const std::string& key);
  bool checkCombinators(const SchemaNode& node, const Poco::Dynamic::Var& instance);
  bool explainNoMatch(const std::vector<const SchemaNode*>& branches,
                      const Poco::Dynamic::Var& instance, std::string_view keyword,
                      std::string_view summary);

  // Validates a property value or an item, one level deeper in the instance.
  bool descend(const SchemaNode& node, const Poco::Dynamic::Var& value, std::string_view segment);
  bool descendIntoItem(const SchemaNode& node, const Poco::Dynamic::Var& item, std::size_t index);

  // Records an issue at the current path (the message is only built when collecting) and
  // returns false, so `return fail(...)` reads as the verdict.
  template <typename MessageBuilder>
  bool fail(std::string_view keyword, const MessageBuilder& message);
  template <typename MessageBuilder>
  bool failAtMember(std::string_view member, std::string_view keyword,
                    const MessageBuilder& message);

  std::vector<ValidationIssue>* issues_;
  std::string path_;  // JSON pointer of the value being checked; maintained only when collecting
  std::size_t depth_ = 0;
};

}  // namespace orchestra::schema
