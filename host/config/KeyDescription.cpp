#include "host/config/KeyDescription.hpp"

namespace orchestra::config {

std::string_view typeName(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return "string";
    case KeyType::kInteger:
    case KeyType::kInteger64:
      return "integer";
    case KeyType::kBoolean:
      return "boolean";
    case KeyType::kEnumeration:
      return "enumeration";
    case KeyType::kStringList:
      return "list of strings";
    case KeyType::kObjectList:
      return "list of maps";
    case KeyType::kJsonObject:
      return "map";
  }
  return "unknown";
}

}  // namespace orchestra::config
