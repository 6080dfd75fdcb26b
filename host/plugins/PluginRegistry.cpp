#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::plugins {

std::string PluginRegistry::ownerOfExtension(const std::string& id) const {
  // Extension ids are unique across kinds: one id names one thing in workflows and the API.
  for (const std::string& owner : {node_types_.ownerOf(id), ai_providers_.ownerOf(id),
                                   mcp_transports_.ownerOf(id), storage_backends_.ownerOf(id)}) {
    if (!owner.empty()) return owner;
  }
  return {};
}

const PluginRecord* PluginRegistry::findPlugin(const std::string& id) const {
  for (const auto& record : plugins_) {
    if (record.id == id && record.state == PluginState::Loaded) return &record;
  }
  return nullptr;
}

}  // namespace orchestra::plugins
