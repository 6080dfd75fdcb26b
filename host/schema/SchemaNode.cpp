#include "host/schema/SchemaNode.hpp"

#include <algorithm>

namespace orchestra::schema {

const PropertyRule* SchemaNode::findProperty(std::string_view name) const {
  const auto found = std::lower_bound(
      properties.begin(), properties.end(), name,
      [](const PropertyRule& rule, std::string_view wanted) { return rule.name < wanted; });
  return found != properties.end() && found->name == name ? &*found : nullptr;
}

}  // namespace orchestra::schema
