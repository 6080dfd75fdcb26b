#include "host/schema/SecretRedaction.hpp"

#include <string>

#include "host/schema/JsonValue.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;

void redact(const SchemaNode& node, Var& instance, std::size_t depth);

void redactMember(const SchemaNode& node, const std::string& key, Var& value, std::size_t depth) {
  bool matched = false;
  if (const PropertyRule* rule = node.findProperty(key)) {
    matched = true;
    redact(*rule->schema, value, depth + 1);
  }
  for (const PatternPropertyRule& rule : node.pattern_properties) {
    // A name too long to search is treated as matching: redacting is the safe side.
    if (rule.pattern.search(key) == Pattern::Outcome::NoMatch) continue;
    matched = true;
    redact(*rule.schema, value, depth + 1);
  }
  if (!matched && node.additional_properties != nullptr) {
    redact(*node.additional_properties, value, depth + 1);
  }
}

void redact(const SchemaNode& node, Var& instance, std::size_t depth) {
  if (node.constant) return;
  if (node.secret) {
    if (!instance.isEmpty()) instance = std::string(kRedactedValue);
    return;
  }
  if (depth > kMaxInstanceDepth) return;
  if (node.ref != nullptr) redact(*node.ref, instance, depth);
  if (node.ref_replaces_siblings) return;
  for (const auto* group : {&node.all_of, &node.any_of, &node.one_of}) {
    for (const SchemaNode* branch : *group)
      redact(*branch, instance, depth);
  }
  for (const SchemaNode* branch : {node.if_schema, node.then_schema, node.else_schema}) {
    if (branch != nullptr) redact(*branch, instance, depth);
  }
  for (const DependentSchemaRule& rule : node.dependent_schemas)
    redact(*rule.schema, instance, depth);

  if (jsonKind(instance) == JsonKind::Object) {
    // deepCopy made every container an Object::Ptr, so members can be replaced in place.
    Poco::JSON::Object::Ptr object = instance.extract<Poco::JSON::Object::Ptr>();
    for (auto& [key, value] : *object)
      redactMember(node, key, value, depth);
  } else if (jsonKind(instance) == JsonKind::Array) {
    Poco::JSON::Array::Ptr array = instance.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t index = 0; index < array->size(); ++index) {
      const SchemaNode* item_schema =
          index < node.prefix_items.size() ? node.prefix_items[index] : node.items;
      if (item_schema == nullptr) continue;
      Var item = array->get(static_cast<unsigned>(index));
      redact(*item_schema, item, depth + 1);
      array->set(static_cast<unsigned>(index), item);  // the item may now be "***"
    }
  }
}

}  // namespace

void redactSecretsInPlace(const SchemaNode& node, Var& instance) {
  redact(node, instance, 0);
}

}  // namespace orchestra::schema
