// What one configuration key is: its dotted path, type, limits, default, documentation and
// environment variable. The loader validates with it; `orchestra config keys` prints it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orchestra::config {

enum class KeyType {
  kString,
  kInteger,    // int in the struct, limited by minimum/maximum
  kInteger64,  // std::int64_t in the struct, limited by minimum/maximum
  kBoolean,
  kEnumeration,  // a string that must be one of `choices`
  kStringList,
  kObjectList,  // a list of maps whose keys are described by entries "<path>[].<field>"
  kJsonObject,  // an opaque map handed on as JSON text (a plugin validates it)
};

struct KeyDescription {
  // Dotted path from the top of the file ("server.cors.max_age_seconds"); a field of the
  // entries of an object list reads "plugins.load[].file".
  std::string path;
  KeyType type = KeyType::kString;
  std::string description;  // one line, for the shipped YAML and `orchestra config keys`
  // The default as YAML flow text (8000, "info", ["plugins"]), taken from the struct's
  // initialisers so that Config.hpp stays the one place defaults are written.
  std::string default_yaml;
  // ORCHESTRA_ + path in upper case with dots as underscores; empty when the key cannot be
  // overridden from the environment (object lists and their fields, opaque maps).
  std::string environment_variable;
  std::int64_t minimum = 0;  // integers only
  std::int64_t maximum = 0;
  std::vector<std::string> choices;  // enumerations only
  bool required = false;             // fields of object-list entries without a default
  bool secret = false;               // the value is never echoed (errors, listings)
};

// "string", "integer", "list of strings", ... as shown to operators.
std::string_view typeName(KeyType type);

}  // namespace orchestra::config
