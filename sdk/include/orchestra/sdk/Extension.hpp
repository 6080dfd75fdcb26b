// What every extension kind shares: its description (id, names, schema, ports) and how the SDK
// turns that description into the orc_extension_info the host copies at registration.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "orchestra/abi.h"
#include "orchestra/sdk/HostApi.hpp"

namespace orchestra::sdk {

enum class Category : orc_category {
  Trigger = ORC_CATEGORY_TRIGGER,
  Logic = ORC_CATEGORY_LOGIC,
  Action = ORC_CATEGORY_ACTION,
  Agent = ORC_CATEGORY_AGENT,
  Integration = ORC_CATEGORY_INTEGRATION,
};

struct Port {
  std::string name;
  uint32_t flags = 0;  // ORC_PORT_ITEMS, ORC_PORT_OPTIONAL
};

// Each extension class provides `static ExtensionInfo describe();` returning one of these.
struct ExtensionInfo {
  std::string id;            // namespaced: "core.http_request", "com.acme.crm/lookup"
  std::string display_name;  // "HTTP Request"
  std::string description;
  uint32_t type_version = 1;
  Category category = Category::Action;
  std::string config_schema = "{}";  // JSON Schema; "secret": true marks redacted properties
  std::vector<Port> inputs;          // node types only
  std::vector<Port> outputs;         // node types only
  uint32_t flags = 0;                // ORC_EXTENSION_DYNAMIC_OUTPUTS, ORC_EXTENSION_SIDE_EFFECTS
};

namespace detail {

// Keeps an ExtensionInfo and the C view of it together so the pointers stay valid.
class ExtensionInfoStorage {
 public:
  explicit ExtensionInfoStorage(ExtensionInfo info) : info_(std::move(info)) {
    for (const Port& port : info_.inputs)
      inputs_.push_back(portSpec(port));
    for (const Port& port : info_.outputs)
      outputs_.push_back(portSpec(port));
    raw_.struct_size = sizeof raw_;
    raw_.type_version = info_.type_version;
    raw_.id = toOrcStr(info_.id);
    raw_.display_name = toOrcStr(info_.display_name);
    raw_.description = toOrcStr(info_.description);
    raw_.config_schema_json = toOrcStr(info_.config_schema);
    raw_.input_ports = inputs_.empty() ? nullptr : inputs_.data();
    raw_.input_port_count = inputs_.size();
    raw_.output_ports = outputs_.empty() ? nullptr : outputs_.data();
    raw_.output_port_count = outputs_.size();
    raw_.category = static_cast<orc_category>(info_.category);
    raw_.flags = info_.flags;
  }
  ExtensionInfoStorage(const ExtensionInfoStorage&) = delete;
  ExtensionInfoStorage& operator=(const ExtensionInfoStorage&) = delete;

  const ExtensionInfo& info() const { return info_; }
  const orc_extension_info* raw() const { return &raw_; }

 private:
  static orc_port_spec portSpec(const Port& port) {
    orc_port_spec spec{};
    spec.name = toOrcStr(port.name);
    spec.flags = port.flags;
    return spec;
  }

  ExtensionInfo info_;
  std::vector<orc_port_spec> inputs_;
  std::vector<orc_port_spec> outputs_;
  orc_extension_info raw_{};
};

}  // namespace detail
}  // namespace orchestra::sdk
