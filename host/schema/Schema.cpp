#include "host/schema/Schema.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <string>
#include <utility>
#include <vector>

#include "host/schema/DefaultFilling.hpp"
#include "host/schema/JsonValue.hpp"
#include "host/schema/SchemaCompiler.hpp"
#include "host/schema/SchemaNode.hpp"
#include "host/schema/SecretRedaction.hpp"
#include "host/schema/Validator.hpp"

namespace orchestra::schema {

namespace {

template <typename Value>
ValidationResult everyIssue(const SchemaNode& root, const Value& instance) {
  std::vector<ValidationIssue> issues;
  std::size_t omitted = 0;
  validateInstance(root, instance, &issues, &omitted);
  return ValidationResult(std::move(issues), omitted);
}

}  // namespace

Schema Schema::compile(std::string_view schema_json, const CompileOptions& options) {
  Poco::Dynamic::Var document;
  try {
    // Poco's parser refuses a scalar at the top level, and `true` is a valid schema: parse the
    // text as the only item of an array instead.
    const std::string wrapped = "[" + std::string(schema_json) + "\n]";
    const Poco::Dynamic::Var array = Poco::JSON::Parser().parse(wrapped);
    const auto& items = *array.extract<Poco::JSON::Array::Ptr>();
    if (items.size() != 1) throw Poco::SyntaxException("expected exactly one JSON value");
    document = items.get(0);
  } catch (const Poco::Exception& error) {
    throw SchemaError("invalid schema: not JSON (" + error.displayText() + ")");
  }
  return compileDocument(document, options);
}

Schema Schema::compileDocument(const Poco::Dynamic::Var& schema_document,
                               const CompileOptions& options) {
  return Schema(SchemaCompiler(schema_document, options).compile());
}

ValidationResult Schema::validate(const Poco::Dynamic::Var& instance) const {
  return everyIssue(*tree_->root, instance);
}

bool Schema::isValid(const Poco::Dynamic::Var& instance) const {
  return validateInstance(*tree_->root, instance, nullptr);
}

ValidationResult Schema::validate(const rapidjson::Value& instance) const {
  return everyIssue(*tree_->root, instance);
}

bool Schema::isValid(const rapidjson::Value& instance) const {
  return validateInstance(*tree_->root, instance, nullptr);
}

Poco::Dynamic::Var Schema::applyDefaults(const Poco::Dynamic::Var& instance) const {
  Poco::Dynamic::Var completed = deepCopy(instance);
  fillDefaults(*tree_->root, completed);
  return completed;
}

void Schema::applyDefaultsInPlace(Poco::Dynamic::Var& instance) const {
  fillDefaults(*tree_->root, instance);
}

void Schema::applyDefaultsInPlace(rapidjson::Value& instance, RapidJsonAllocator& allocator) const {
  fillDefaults(*tree_->root, instance, allocator);
}

Poco::Dynamic::Var Schema::redactSecrets(const Poco::Dynamic::Var& instance) const {
  Poco::Dynamic::Var redacted = deepCopy(instance);
  redactSecretsInPlace(*tree_->root, redacted);
  return redacted;
}

}  // namespace orchestra::schema
