// Walks a parsed YAML map against a schema table and fills the struct it describes: known keys
// are converted and assigned, sections are entered, anything else stops start-up by name.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "host/config/ConfigSchema.hpp"
#include "host/config/KeySuggestions.hpp"
#include "host/config/TextConversion.hpp"
#include "host/config/ValueReader.hpp"

namespace orchestra::config {

namespace schema {

template <typename Owner>
void readField(Owner& owner, const Field<Owner>& field, const YAML::Node& node,
               const ValueOrigin& origin, ValueReader& reader) {
  std::visit(
      [&](auto target) {
        if constexpr (std::is_same_v<decltype(target), ObjectListTarget<Owner>>) {
          target.read(owner, node, origin.path, reader);
        } else {
          auto& member = target(owner);
          using Member = std::remove_reference_t<decltype(member)>;
          if constexpr (std::is_same_v<Member, std::vector<std::string>>) {
            member = reader.readStringList(node, field.key, origin);
          } else {
            if constexpr (std::is_same_v<Member, std::string>) {
              if (field.key.type == KeyType::kJsonObject) {
                member = reader.readJsonObject(node, field.key, origin);
                return;
              }
            }
            assignText(field.key, member, reader.readScalar(node, field.key, origin), origin);
          }
        }
      },
      field.target);
}

// Reads the entries of `map` lying in `section` ("" at the owner's top, "server.cors" below);
// `prefix` is what error paths start with ("plugins.load[0]." inside an object list).
template <typename Owner>
void readSection(Owner& owner, const YAML::Node& map, std::span<const Field<Owner>> fields,
                 std::span<const std::string_view> paths, const std::string& prefix,
                 const std::string& section, ValueReader& reader, std::set<std::string>& seen) {
  for (const auto& entry : map) {
    const YAML::Node& name_node = entry.first;
    if (!name_node.IsScalar()) {
      const std::string where = prefix + section;
      reader.originOf(name_node, where.empty() ? "(top level)" : where)
          .fail("keys must be plain names");
    }
    const std::string name =
        section.empty() ? name_node.Scalar() : section + "." + name_node.Scalar();
    const ValueOrigin name_origin = reader.originOf(name_node, prefix + name);
    if (!seen.insert(name).second) name_origin.fail("is set twice");

    const auto field =
        std::find_if(fields.begin(), fields.end(),
                     [&](const Field<Owner>& candidate) { return candidate.key.path == name; });
    if (field != fields.end()) {
      // The key's line: a value left empty or written as a block starts on another one.
      const ValueOrigin origin = reader.originOf(name_node, prefix + name, field->key.secret);
      reader.remember(origin);
      readField(owner, *field, entry.second, origin, reader);
    } else if (isSection(paths, name)) {
      if (entry.second.IsNull()) continue;  // a section with every key commented out
      if (!entry.second.IsMap()) {
        name_origin.fail("must be a map of keys, got " +
                         ValueReader::describe(entry.second, name_origin));
      }
      readSection(owner, entry.second, fields, paths, prefix, name, reader, seen);
    } else {
      name_origin.fail(unknownKeyProblem(paths, section, name_node.Scalar(), prefix));
    }
  }
}

}  // namespace schema

// Fills `owner` from `map` with fieldsOf<Owner>(); keys the map leaves out keep their defaults,
// except keys marked required.
template <typename Owner>
void readMap(Owner& owner, const YAML::Node& map, const std::string& prefix, ValueReader& reader) {
  const std::span<const Field<Owner>> fields = fieldsOf<Owner>();
  std::vector<std::string_view> paths;
  paths.reserve(fields.size());
  for (const auto& field : fields)
    paths.emplace_back(field.key.path);
  std::set<std::string> seen;
  schema::readSection(owner, map, fields, paths, prefix, "", reader, seen);
  for (const auto& field : fields) {
    if (field.key.required && !seen.contains(field.key.path)) {
      reader.originOf(map, prefix + field.key.path).fail("is required");
    }
  }
}

template <typename Element>
void readObjectList(std::vector<Element>& list, const YAML::Node& node, const std::string& path,
                    ValueReader& reader) {
  list.clear();
  if (node.IsNull()) return;
  const ValueOrigin origin = reader.originOf(node, path);
  if (!node.IsSequence()) {
    origin.fail("must be a list of maps, got " + ValueReader::describe(node, origin));
  }
  for (std::size_t index = 0; index < node.size(); ++index) {
    const YAML::Node entry = node[index];
    const std::string entry_path = path + "[" + std::to_string(index) + "]";
    if (!entry.IsMap()) {
      const ValueOrigin entry_origin = reader.originOf(entry, entry_path);
      entry_origin.fail("must be a map, got " + ValueReader::describe(entry, entry_origin));
    }
    Element element{};
    readMap(element, entry, entry_path + ".", reader);
    list.push_back(std::move(element));
  }
}

}  // namespace orchestra::config
