#include "host/schema/DefaultFilling.hpp"

#include "host/schema/JsonValue.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;

// The node's own "default", else the one of the schema its "$ref" names (a property written as
// {"$ref": "#/$defs/backoff"} takes the definition's default).
const Var* declaredDefault(const SchemaNode* node) {
  for (; node != nullptr; node = node->ref) {
    if (node->default_value) return &*node->default_value;
  }
  return nullptr;
}

// `depth` bounds a recursive schema whose default contains itself ({"child": {"$ref": "#",
// "default": {}}}), which would otherwise grow the instance without end.
void fill(const SchemaNode& node, Var& instance, std::size_t depth) {
  if (depth > kMaxInstanceDepth || node.constant) return;
  if (node.ref != nullptr) fill(*node.ref, instance, depth);
  if (node.ref_replaces_siblings) return;
  for (const SchemaNode* branch : node.all_of)
    fill(*branch, instance, depth);

  if (jsonKind(instance) == JsonKind::Object) {
    // deepCopy made every container an Object::Ptr, so it can be edited through the Var.
    Poco::JSON::Object::Ptr object = instance.extract<Poco::JSON::Object::Ptr>();
    for (const PropertyRule& rule : node.properties) {
      if (!object->has(rule.name)) {
        const Var* default_value = declaredDefault(rule.schema);
        if (default_value == nullptr) continue;
        object->set(rule.name, deepCopy(*default_value));
      }
      // Objects and arrays are shared pointers: filling the copy fills the member.
      Var member = object->get(rule.name);
      fill(*rule.schema, member, depth + 1);
    }
  } else if (jsonKind(instance) == JsonKind::Array) {
    const Poco::JSON::Array& array = *instance.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t index = 0; index < array.size(); ++index) {
      const SchemaNode* item_schema =
          index < node.prefix_items.size() ? node.prefix_items[index] : node.items;
      if (item_schema == nullptr) continue;
      Var item = array.get(static_cast<unsigned>(index));
      fill(*item_schema, item, depth + 1);
    }
  }
}

}  // namespace

void fillDefaults(const SchemaNode& node, Var& instance) {
  fill(node, instance, 0);
}

}  // namespace orchestra::schema
