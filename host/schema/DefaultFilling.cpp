#include "host/schema/DefaultFilling.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

#include "host/schema/JsonTraits.hpp"
#include "host/schema/JsonValue.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;

// How fill() edits one representation in place. Poco: deepCopy (or Poco's parser) made every
// container an Object::Ptr / Array::Ptr, so a Var copy of a member is the member itself.
struct PocoTarget {
  using Value = Var;
  using Object = Poco::JSON::Object::Ptr;

  static Object object(Var& instance) { return instance.extract<Poco::JSON::Object::Ptr>(); }
  static bool hasMember(const Object& object, const std::string& name) { return object->has(name); }
  static void addMember(Object& object, const std::string& name, const Var& value) {
    object->set(name, deepCopy(value));
  }
  template <typename Visit>
  static void visitMember(const Object& object, const std::string& name, const Visit& visit) {
    Var member = object->get(name);  // objects and arrays are shared pointers
    visit(member);
  }
  template <typename Visit>
  static void visitItems(Var& instance, const Visit& visit) {
    const Poco::JSON::Array& array = *instance.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t index = 0; index < array.size(); ++index) {
      Var item = array.get(static_cast<unsigned>(index));
      visit(index, item);
    }
  }
};

// RapidJSON: values are edited through references; what is added comes from the document's
// allocator.
struct RapidJsonTarget {
  using Value = rapidjson::Value;
  using Object = rapidjson::Value&;

  rapidjson::Document::AllocatorType& allocator;

  static Object object(Value& instance) { return instance; }
  static bool hasMember(const Value& object, const std::string& name) {
    return JsonTraits<Value>::hasMember(object, name);
  }
  void addMember(Value& object, const std::string& name, const Var& value) const {
    object.AddMember(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), allocator),
                     deepCopy(value, allocator), allocator);
  }
  template <typename Visit>
  static void visitMember(Value& object, const std::string& name, const Visit& visit) {
    visit(*JsonTraits<Value>::lastMember(object, name));
  }
  template <typename Visit>
  static void visitItems(Value& instance, const Visit& visit) {
    for (rapidjson::SizeType index = 0; index < instance.Size(); ++index)
      visit(std::size_t{index}, instance[index]);
  }
};

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
template <typename Target>
void fill(const Target& target, const SchemaNode& node, typename Target::Value& instance,
          std::size_t depth) {
  if (depth > kMaxInstanceDepth || node.constant) return;
  if (node.ref != nullptr) fill(target, *node.ref, instance, depth);
  if (node.ref_replaces_siblings) return;
  for (const SchemaNode* branch : node.all_of)
    fill(target, *branch, instance, depth);

  const JsonKind kind = jsonKind(instance);
  if (kind == JsonKind::Object) {
    typename Target::Object object = Target::object(instance);
    for (const PropertyRule& rule : node.properties) {
      if (!Target::hasMember(object, rule.name)) {
        const Var* default_value = declaredDefault(rule.schema);
        if (default_value == nullptr) continue;
        target.addMember(object, rule.name, *default_value);
      }
      Target::visitMember(object, rule.name, [&](typename Target::Value& member) {
        fill(target, *rule.schema, member, depth + 1);
      });
    }
  } else if (kind == JsonKind::Array) {
    Target::visitItems(instance, [&](std::size_t index, typename Target::Value& item) {
      const SchemaNode* item_schema =
          index < node.prefix_items.size() ? node.prefix_items[index] : node.items;
      if (item_schema != nullptr) fill(target, *item_schema, item, depth + 1);
    });
  }
}

}  // namespace

void fillDefaults(const SchemaNode& node, Var& instance) {
  fill(PocoTarget{}, node, instance, 0);
}

void fillDefaults(const SchemaNode& node, rapidjson::Value& instance,
                  rapidjson::Document::AllocatorType& allocator) {
  fill(RapidJsonTarget{allocator}, node, instance, 0);
}

}  // namespace orchestra::schema
