// The registrar a plugin's on_init receives: each host_register_* checks the vtable (size,
// required hooks, id, schema) and stages it; the loader commits the batch only when the whole
// plugin is accepted, so a refused plugin leaves nothing behind.
#pragma once

#include <orchestra/abi.h>

#include <memory>
#include <string>
#include <vector>

#include "host/plugins/PluginRegistry.hpp"

struct orc_registrar_ctx;

namespace orchestra::plugins {

// What registering one kind of extension checks.
template <typename Vtable>
struct StageRules {
  std::size_t minimum_size;  // the vtable's v1.0 size
  ExtensionKind kind;
  const char* kind_name;
  const char* required_hooks;  // for the refusal message
  bool (*has_required_hooks)(const Vtable&);
};

class Registrar {
 public:
  Registrar(PluginRegistry& registry, std::string plugin_id);
  ~Registrar();
  Registrar(const Registrar&) = delete;
  Registrar& operator=(const Registrar&) = delete;

  // The C table for on_init; valid while this Registrar lives.
  orc_registrar table();

  // The first registration that was refused (the plugin may have ignored the status).
  std::string firstProblem() const;
  // Moves the staged extensions into the registry; returns their ids.
  std::vector<std::string> commit();
  void discard();

  // Called from the C callbacks.
  orc_status stageNodeType(const orc_node_type_vtable* vtable);
  orc_status stageAiProvider(const orc_ai_provider_vtable* vtable);
  orc_status stageMcpTransport(const orc_mcp_transport_vtable* vtable);
  orc_status stageStorageBackend(const orc_storage_backend_vtable* vtable);

 private:
  // Checks the id against the registry and this batch; records the problem when refused.
  orc_status checkInfo(const orc_extension_info* info, ExtensionKind kind, ExtensionInfo& out);
  orc_status refuse(orc_status status, std::string problem);
  template <typename Vtable>
  orc_status stage(const Vtable* vtable, const StageRules<Vtable>& rules,
                   std::vector<std::unique_ptr<RegisteredExtension<Vtable>>>& staged);

  PluginRegistry& registry_;
  std::string plugin_id_;
  std::unique_ptr<orc_registrar_ctx> context_;
  std::vector<std::unique_ptr<RegisteredExtension<orc_node_type_vtable>>> node_types_;
  std::vector<std::unique_ptr<RegisteredExtension<orc_ai_provider_vtable>>> ai_providers_;
  std::vector<std::unique_ptr<RegisteredExtension<orc_mcp_transport_vtable>>> mcp_transports_;
  std::vector<std::unique_ptr<RegisteredExtension<orc_storage_backend_vtable>>> storage_backends_;
  std::vector<std::string> staged_ids_;
  std::vector<std::string> problems_;
};

}  // namespace orchestra::plugins
