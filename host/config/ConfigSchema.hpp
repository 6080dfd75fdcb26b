// The building blocks of the configuration schema (Fluent Bit's config_map, typed): a Field ties
// one KeyDescription to the struct member it fills. ConfigKeys.cpp holds the table itself.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "host/config/Config.hpp"
#include "host/config/KeyDescription.hpp"
#include "host/text/JsonEscape.hpp"

namespace YAML {  // NOLINT(readability-identifier-naming): yaml-cpp's namespace
class Node;
}

namespace orchestra::config {

class ValueReader;

// A list of maps: reads a YAML sequence into the owner's std::vector<Element>.
template <typename Owner>
struct ObjectListTarget {
  void (*read)(Owner& owner, const YAML::Node& list, const std::string& path, ValueReader& reader);
  // The entries' keys, with paths relative to an entry ("file", "config").
  std::span<const KeyDescription> (*element_keys)();
};

// The member a key fills. std::string serves kString, kEnumeration and kJsonObject alike.
template <typename Owner>
using FieldTarget =
    std::variant<std::string& (*)(Owner&), int& (*)(Owner&), std::int64_t& (*)(Owner&),
                 bool& (*)(Owner&), std::vector<std::string>& (*)(Owner&), ObjectListTarget<Owner>>;

template <typename Owner>
struct Field {
  KeyDescription key;  // key.path is relative to Owner
  FieldTarget<Owner> target;
};

// The schema of each struct the loader fills: Config, and the entry type of every object list.
// Specialised in ConfigKeys.cpp; a new entry type needs its declaration here.
template <typename Owner>
std::span<const Field<Owner>> fieldsOf();
template <>
std::span<const Field<Config>> fieldsOf<Config>();
template <>
std::span<const Field<PluginLoadSpec>> fieldsOf<PluginLoadSpec>();
template <>
std::span<const Field<AiProviderSpec>> fieldsOf<AiProviderSpec>();

// Reads a YAML list of maps, each against fieldsOf<Element>(); defined in SchemaWalker.hpp.
template <typename Element>
void readObjectList(std::vector<Element>& list, const YAML::Node& node, const std::string& path,
                    ValueReader& reader);

// Everything below builds table rows: `integerKey<&Config::server, &ServerSettings::port>(
// "server.port", {0, 65535}, "...")` names the member by its chain of member pointers.
namespace schema {

template <typename MemberPointer>
struct MemberPointerTraits;
template <typename Class, typename Member>
struct MemberPointerTraits<Member Class::*> {
  using Owner = Class;
};

// The struct a chain of member pointers starts from: Config for <&Config::server, &...::port>.
template <auto First, auto... Rest>
struct ChainOwner {
  using Type = typename MemberPointerTraits<decltype(First)>::Owner;
};
template <auto... Members>
using OwnerOf = typename ChainOwner<Members...>::Type;

// owner.*First.*Second...: the member a chain of member pointers leads to.
template <auto First, auto... Rest, typename Owner>
auto& reach(Owner& owner) {
  if constexpr (sizeof...(Rest) == 0) {
    return owner.*First;
  } else {
    return reach<Rest...>(owner.*First);
  }
}

template <auto... Members>
auto& memberOf(OwnerOf<Members...>& owner) {
  return reach<Members...>(owner);
}

template <auto... Members>
using MemberType =
    std::remove_reference_t<decltype(reach<Members...>(std::declval<OwnerOf<Members...>&>()))>;

struct Limits {
  std::int64_t minimum = std::numeric_limits<std::int64_t>::min();
  std::int64_t maximum = std::numeric_limits<std::int64_t>::max();
};

struct Flags {
  bool secret = false;    // never echo the value
  bool required = false;  // object-list entries only: the key has no default and must be written
};

inline std::string environmentVariableFor(std::string_view path) {
  std::string name = "ORCHESTRA_";
  for (const char character : path) {
    name += character == '.'
                ? '_'
                : static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
  }
  return name;
}

inline std::string defaultYaml(const std::string& value) {
  return orchestra::text::jsonQuote(value);
}
inline std::string defaultYaml(int value) {
  return std::to_string(value);
}
inline std::string defaultYaml(std::int64_t value) {
  return std::to_string(value);
}
inline std::string defaultYaml(bool value) {
  return value ? "true" : "false";
}
inline std::string defaultYaml(const std::vector<std::string>& values) {
  std::string yaml = "[";
  for (const auto& value : values)
    yaml += (yaml.size() > 1 ? ", " : "") + orchestra::text::jsonQuote(value);
  return yaml + "]";
}

// A row for the member at Members, its default read from a default-constructed owner.
template <auto... Members>
Field<OwnerOf<Members...>> makeField(std::string path, KeyType type, std::string description,
                                     Flags flags) {
  using Owner = OwnerOf<Members...>;
  const Owner defaults{};
  KeyDescription key;
  key.type = type;
  key.description = std::move(description);
  key.secret = flags.secret;
  key.required = flags.required;
  // Object-list entries and opaque maps cannot be written as one environment variable.
  if (std::is_same_v<Owner, Config> && type != KeyType::kJsonObject) {
    key.environment_variable = environmentVariableFor(path);
  }
  key.path = std::move(path);
  if (!flags.required) {
    const auto& value = reach<Members...>(defaults);
    if constexpr (std::is_same_v<MemberType<Members...>, std::string>) {
      key.default_yaml = type == KeyType::kJsonObject ? value : defaultYaml(value);
    } else {
      key.default_yaml = defaultYaml(value);
    }
  }
  return Field<Owner>{std::move(key), &memberOf<Members...>};
}

}  // namespace schema

template <auto... Members>
Field<schema::OwnerOf<Members...>> stringKey(std::string path, std::string description,
                                             schema::Flags flags = {}) {
  return schema::makeField<Members...>(std::move(path), KeyType::kString, std::move(description),
                                       flags);
}

template <auto... Members>
Field<schema::OwnerOf<Members...>> integerKey(std::string path, schema::Limits limits,
                                              std::string description, schema::Flags flags = {}) {
  using Member = schema::MemberType<Members...>;
  static_assert(std::is_same_v<Member, int> || std::is_same_v<Member, std::int64_t>);
  constexpr bool kIsInt = std::is_same_v<Member, int>;
  auto field = schema::makeField<Members...>(std::move(path),
                                             kIsInt ? KeyType::kInteger : KeyType::kInteger64,
                                             std::move(description), flags);
  // Clamp to the member's own range, so that a value that passes the check always fits.
  field.key.minimum = std::max<std::int64_t>(limits.minimum, std::numeric_limits<Member>::min());
  field.key.maximum = std::min<std::int64_t>(limits.maximum, std::numeric_limits<Member>::max());
  return field;
}

template <auto... Members>
Field<schema::OwnerOf<Members...>> booleanKey(std::string path, std::string description,
                                              schema::Flags flags = {}) {
  return schema::makeField<Members...>(std::move(path), KeyType::kBoolean, std::move(description),
                                       flags);
}

template <auto... Members>
Field<schema::OwnerOf<Members...>> enumKey(std::string path,
                                           const std::vector<std::string>& choices,
                                           std::string description, schema::Flags flags = {}) {
  auto field = schema::makeField<Members...>(std::move(path), KeyType::kEnumeration,
                                             std::move(description), flags);
  field.key.choices = choices;
  return field;
}

template <auto... Members>
Field<schema::OwnerOf<Members...>> stringListKey(std::string path, std::string description,
                                                 schema::Flags flags = {}) {
  return schema::makeField<Members...>(std::move(path), KeyType::kStringList,
                                       std::move(description), flags);
}

// An opaque map kept as JSON text in a std::string member.
template <auto... Members>
Field<schema::OwnerOf<Members...>> jsonObjectKey(std::string path, std::string description,
                                                 schema::Flags flags = {}) {
  return schema::makeField<Members...>(std::move(path), KeyType::kJsonObject,
                                       std::move(description), flags);
}

// A list of maps; the entries' keys come from fieldsOf<Element>().
template <auto... Members>
Field<schema::OwnerOf<Members...>> objectListKey(std::string path, std::string description) {
  using Owner = schema::OwnerOf<Members...>;
  using Element = typename schema::MemberType<Members...>::value_type;
  KeyDescription key;
  key.path = std::move(path);
  key.type = KeyType::kObjectList;
  key.description = std::move(description);
  key.default_yaml = "[]";
  const ObjectListTarget<Owner> target{
      [](Owner& owner, const YAML::Node& list, const std::string& list_path, ValueReader& reader) {
        readObjectList(schema::reach<Members...>(owner), list, list_path, reader);
      },
      [] {
        static const std::vector<KeyDescription> keys = [] {
          std::vector<KeyDescription> element_keys;
          for (const auto& field : fieldsOf<Element>())
            element_keys.push_back(field.key);
          return element_keys;
        }();
        return std::span<const KeyDescription>(keys);
      }};
  return Field<Owner>{std::move(key), target};
}

}  // namespace orchestra::config
