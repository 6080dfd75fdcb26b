// Everything the plugin subsystem loaded: the plugins (with their state, file and extensions)
// and one typed registry per extension kind. Built on the main thread at start-up.
#pragma once

#include <string>
#include <vector>

#include "host/plugins/ExtensionRegistry.hpp"

namespace orchestra::plugins {

enum class PluginState { Loaded, Failed };

struct PluginRecord {
  std::string id;  // empty when the plugin failed before saying who it is
  std::string version;
  std::string name;
  std::string description;
  std::string file;
  bool required = false;
  PluginState state = PluginState::Failed;
  std::string failure;  // why it was refused, with the file: shown by `plugins list` and the API
  std::vector<std::string> extension_ids;
};

class PluginRegistry {
 public:
  ExtensionRegistry<orc_node_type_vtable>& nodeTypes() { return node_types_; }
  const ExtensionRegistry<orc_node_type_vtable>& nodeTypes() const { return node_types_; }
  ExtensionRegistry<orc_ai_provider_vtable>& aiProviders() { return ai_providers_; }
  const ExtensionRegistry<orc_ai_provider_vtable>& aiProviders() const { return ai_providers_; }
  ExtensionRegistry<orc_mcp_transport_vtable>& mcpTransports() { return mcp_transports_; }
  const ExtensionRegistry<orc_mcp_transport_vtable>& mcpTransports() const {
    return mcp_transports_;
  }
  ExtensionRegistry<orc_storage_backend_vtable>& storageBackends() { return storage_backends_; }
  const ExtensionRegistry<orc_storage_backend_vtable>& storageBackends() const {
    return storage_backends_;
  }

  // The plugin (of any kind) that registered extension `id`, or empty.
  std::string ownerOfExtension(const std::string& id) const;

  std::vector<PluginRecord>& plugins() { return plugins_; }
  const std::vector<PluginRecord>& plugins() const { return plugins_; }
  const PluginRecord* findPlugin(const std::string& id) const;

 private:
  ExtensionRegistry<orc_node_type_vtable> node_types_;
  ExtensionRegistry<orc_ai_provider_vtable> ai_providers_;
  ExtensionRegistry<orc_mcp_transport_vtable> mcp_transports_;
  ExtensionRegistry<orc_storage_backend_vtable> storage_backends_;
  std::vector<PluginRecord> plugins_;
};

}  // namespace orchestra::plugins
