// Reads the value nodes of a parsed YAML file for the schema walker: scalars after ${ENV}
// interpolation, lists of strings, opaque maps as JSON text; and remembers where each key was
// set, so that checks across keys can point at the right line or variable.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "host/config/Environment.hpp"
#include "host/config/KeyDescription.hpp"
#include "host/config/ValueOrigin.hpp"

namespace YAML {  // NOLINT(readability-identifier-naming): yaml-cpp's namespace
class Node;
}

namespace orchestra::config {

class ValueReader {
 public:
  ValueReader(std::string source_name, const Environment& environment);

  const std::string& sourceName() const { return source_name_; }

  // `path` located at `node`'s line ("<source>:<line>"), or at the source when yaml-cpp has
  // no mark for it.
  ValueOrigin originOf(const YAML::Node& node, std::string path, bool secret = false) const;

  // Each throws ConfigError naming `origin` when `node` does not have the shape `key` asks for.
  std::string readScalar(const YAML::Node& node, const KeyDescription& key,
                         const ValueOrigin& origin) const;
  std::vector<std::string> readStringList(const YAML::Node& node, const KeyDescription& key,
                                          const ValueOrigin& origin) const;
  std::string readJsonObject(const YAML::Node& node, const KeyDescription& key,
                             const ValueOrigin& origin) const;

  // "a map", "a list", "nothing", or the quoted scalar: what an error says it got.
  static std::string describe(const YAML::Node& node, const ValueOrigin& origin);

  // Remembers the origin of the value a key now holds (a later override replaces it).
  void remember(const ValueOrigin& origin);
  // Where the key's value came from; the source as a whole when it kept its default.
  ValueOrigin whereSet(const std::string& path) const;

 private:
  void appendJson(std::string& json, const YAML::Node& node, const std::string& path) const;

  std::string source_name_;
  const Environment& environment_;
  std::map<std::string, ValueOrigin, std::less<>> origins_;
};

}  // namespace orchestra::config
