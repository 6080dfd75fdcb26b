#include "host/config/ValueReader.hpp"

#include <yaml-cpp/yaml.h>

#include <utility>

#include "host/config/Interpolation.hpp"
#include "host/config/JsonText.hpp"
#include "host/config/TextConversion.hpp"
#include "host/text/JsonEscape.hpp"

namespace orchestra::config {

ValueReader::ValueReader(std::string source_name, const Environment& environment)
    : source_name_(std::move(source_name)), environment_(environment) {}

ValueOrigin ValueReader::originOf(const YAML::Node& node, std::string path, bool secret) const {
  const YAML::Mark mark = node.Mark();
  std::string location = source_name_;
  if (!mark.is_null()) location += ":" + std::to_string(mark.line + 1);
  return ValueOrigin{std::move(location), std::move(path), secret};
}

std::string ValueReader::describe(const YAML::Node& node, const ValueOrigin& origin) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return origin.show(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

std::string ValueReader::readScalar(const YAML::Node& node, const KeyDescription& key,
                                    const ValueOrigin& origin) const {
  if (!node.IsScalar()) {
    const std::string hint =
        node.IsNull() && key.type == KeyType::kString ? " (write \"\" for an empty string)" : "";
    origin.fail("must be " + expectation(key) + ", got " + describe(node, origin) + hint);
  }
  return interpolate(node.Scalar(), environment_, origin);
}

std::vector<std::string> ValueReader::readStringList(const YAML::Node& node,
                                                     const KeyDescription& key,
                                                     const ValueOrigin& origin) const {
  if (node.IsNull()) return {};
  if (!node.IsSequence()) {
    origin.fail("must be " + expectation(key) + ", got " + describe(node, origin));
  }
  std::vector<std::string> items;
  for (std::size_t index = 0; index < node.size(); ++index) {
    const YAML::Node item = node[index];
    const ValueOrigin item_origin =
        originOf(item, origin.path + "[" + std::to_string(index) + "]", origin.secret);
    if (!item.IsScalar()) {
      item_origin.fail("must be a string, got " + describe(item, item_origin));
    }
    items.push_back(interpolate(item.Scalar(), environment_, item_origin));
  }
  return items;
}

std::string ValueReader::readJsonObject(const YAML::Node& node, const KeyDescription& key,
                                        const ValueOrigin& origin) const {
  if (node.IsNull()) return "{}";
  if (!node.IsMap()) {
    origin.fail("must be " + expectation(key) + ", got " + describe(node, origin));
  }
  std::string json;
  appendJson(json, node, origin.path);
  return json;
}

void ValueReader::appendJson(std::string& json, const YAML::Node& node,
                             const std::string& path) const {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      // Interpolation comes first, as for typed keys, so `timeout_ms: ${TIMEOUT:-30}` is a
      // number; quoting the value in YAML keeps it a string.
      const std::string text = interpolate(node.Scalar(), environment_, originOf(node, path));
      json += node.Tag() == "?" ? plainScalarAsJson(text) : orchestra::text::jsonQuote(text);
      return;
    }
    case YAML::NodeType::Sequence:
      json += '[';
      for (std::size_t index = 0; index < node.size(); ++index) {
        if (index > 0) json += ',';
        appendJson(json, node[index], path + "[" + std::to_string(index) + "]");
      }
      json += ']';
      return;
    case YAML::NodeType::Map: {
      json += '{';
      bool first = true;
      for (const auto& entry : node) {
        const std::string member_path =
            path + "." + (entry.first.IsScalar() ? entry.first.Scalar() : "?");
        if (!entry.first.IsScalar()) {
          originOf(entry.first, member_path).fail("map keys must be strings");
        }
        if (!first) json += ',';
        first = false;
        json += orchestra::text::jsonQuote(entry.first.Scalar());
        json += ':';
        appendJson(json, entry.second, member_path);
      }
      json += '}';
      return;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      json += "null";
      return;
  }
}

void ValueReader::remember(const ValueOrigin& origin) {
  origins_.insert_or_assign(origin.path, origin);
}

ValueOrigin ValueReader::whereSet(const std::string& path) const {
  const auto found = origins_.find(path);
  if (found != origins_.end()) return found->second;
  return ValueOrigin{source_name_, path, false};
}

}  // namespace orchestra::config
