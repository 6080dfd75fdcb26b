#include "host/plugins/Registrar.hpp"

#include <algorithm>

#include "host/schema/Schema.hpp"
#include "host/schema/SchemaError.hpp"

struct orc_registrar_ctx {
  orchestra::plugins::Registrar* registrar;
};

namespace orchestra::plugins {

namespace {

orc_status registerNodeType(orc_registrar_ctx* ctx, const orc_node_type_vtable* v) {
  return ctx->registrar->stageNodeType(v);
}
orc_status registerAiProvider(orc_registrar_ctx* ctx, const orc_ai_provider_vtable* v) {
  return ctx->registrar->stageAiProvider(v);
}
orc_status registerMcpTransport(orc_registrar_ctx* ctx, const orc_mcp_transport_vtable* v) {
  return ctx->registrar->stageMcpTransport(v);
}
orc_status registerStorageBackend(orc_registrar_ctx* ctx, const orc_storage_backend_vtable* v) {
  return ctx->registrar->stageStorageBackend(v);
}

// The size check and copy every kind shares; `required` lists the hooks v1.0 demands.
template <typename Vtable>
std::string checkVtable(const Vtable* vtable, std::size_t minimum_size, const char* kind) {
  if (vtable == nullptr) return std::string(kind) + " vtable is NULL";
  if (vtable->struct_size < minimum_size) {
    return std::string(kind) + " vtable struct too small (" + std::to_string(vtable->struct_size) +
           " bytes; ABI v1.0 needs " + std::to_string(minimum_size) + ")";
  }
  return {};
}

}  // namespace

Registrar::Registrar(PluginRegistry& registry, std::string plugin_id)
    : registry_(registry),
      plugin_id_(std::move(plugin_id)),
      context_(std::make_unique<orc_registrar_ctx>(orc_registrar_ctx{this})) {}

Registrar::~Registrar() = default;

orc_registrar Registrar::table() {
  orc_registrar table{};
  table.struct_size = sizeof(orc_registrar);
  table.ctx = context_.get();
  table.host_register_node_type = registerNodeType;
  table.host_register_ai_provider = registerAiProvider;
  table.host_register_mcp_transport = registerMcpTransport;
  table.host_register_storage_backend = registerStorageBackend;
  return table;
}

orc_status Registrar::refuse(orc_status status, std::string problem) {
  problems_.push_back(std::move(problem));
  return status;
}

orc_status Registrar::checkInfo(const orc_extension_info* info, ExtensionKind kind,
                                ExtensionInfo& out) {
  if (std::string problem = copyExtensionInfo(info, kind, out); !problem.empty()) {
    return refuse(info != nullptr && info->struct_size < ORC_V1_0_SIZE_EXTENSION_INFO
                      ? ORC_ERR_VERSION
                      : ORC_ERR_INVALID_ARGUMENT,
                  std::move(problem));
  }
  out.owner_plugin_id = plugin_id_;
  if (const std::string owner = registry_.ownerOfExtension(out.id); !owner.empty()) {
    return refuse(ORC_ERR_ALREADY_EXISTS,
                  "extension \"" + out.id + "\" already registered by plugin \"" + owner + "\"");
  }
  if (std::find(staged_ids_.begin(), staged_ids_.end(), out.id) != staged_ids_.end()) {
    return refuse(
        ORC_ERR_ALREADY_EXISTS,
        "extension \"" + out.id + "\" already registered by plugin \"" + plugin_id_ + "\"");
  }
  try {
    out.config_schema = schema::Schema::compile(out.config_schema_json);
  } catch (const std::exception& error) {
    return refuse(
        ORC_ERR_INVALID_ARGUMENT,
        "extension \"" + out.id + "\" declares an invalid config schema: " + error.what());
  }
  return ORC_OK;
}

template <typename Vtable>
orc_status Registrar::stage(const Vtable* vtable, const StageRules<Vtable>& rules,
                            std::vector<std::unique_ptr<RegisteredExtension<Vtable>>>& staged) {
  if (auto problem = checkVtable(vtable, rules.minimum_size, rules.kind_name); !problem.empty()) {
    return refuse(vtable == nullptr ? ORC_ERR_INVALID_ARGUMENT : ORC_ERR_VERSION, problem);
  }
  auto entry = std::make_unique<RegisteredExtension<Vtable>>();
  entry->vtable = copyVtable(vtable);
  if (const orc_status status = checkInfo(entry->vtable.info, rules.kind, entry->info);
      status != ORC_OK) {
    return status;
  }
  if (!rules.has_required_hooks(entry->vtable)) {
    return refuse(ORC_ERR_INVALID_ARGUMENT, std::string(rules.kind_name) + " \"" + entry->info.id +
                                                "\" lacks a required hook (" +
                                                rules.required_hooks + ")");
  }
  entry->vtable.info = nullptr;  // plugin memory; the host's copy is entry->info
  staged_ids_.push_back(entry->info.id);
  staged.push_back(std::move(entry));
  return ORC_OK;
}

orc_status Registrar::stageNodeType(const orc_node_type_vtable* vtable) {
  static const StageRules<orc_node_type_vtable> rules{
      ORC_V1_0_SIZE_NODE_TYPE_VTABLE, ExtensionKind::NodeType, "node type",
      "on_create, on_destroy, on_execute", [](const orc_node_type_vtable& v) {
        return v.on_create != nullptr && v.on_destroy != nullptr && v.on_execute != nullptr;
      }};
  return stage(vtable, rules, node_types_);
}

orc_status Registrar::stageAiProvider(const orc_ai_provider_vtable* vtable) {
  static const StageRules<orc_ai_provider_vtable> rules{
      ORC_V1_0_SIZE_AI_PROVIDER_VTABLE, ExtensionKind::AiProvider, "AI provider",
      "on_create, on_destroy, on_chat", [](const orc_ai_provider_vtable& v) {
        return v.on_create != nullptr && v.on_destroy != nullptr && v.on_chat != nullptr;
      }};
  return stage(vtable, rules, ai_providers_);
}

orc_status Registrar::stageMcpTransport(const orc_mcp_transport_vtable* vtable) {
  static const StageRules<orc_mcp_transport_vtable> rules{
      ORC_V1_0_SIZE_MCP_TRANSPORT_VTABLE, ExtensionKind::McpTransport, "MCP transport",
      "on_create, on_destroy, on_open, on_send, on_receive, on_close",
      [](const orc_mcp_transport_vtable& v) {
        return v.on_create != nullptr && v.on_destroy != nullptr && v.on_open != nullptr &&
               v.on_send != nullptr && v.on_receive != nullptr && v.on_close != nullptr;
      }};
  return stage(vtable, rules, mcp_transports_);
}

orc_status Registrar::stageStorageBackend(const orc_storage_backend_vtable* vtable) {
  static const StageRules<orc_storage_backend_vtable> rules{
      ORC_V1_0_SIZE_STORAGE_BACKEND_VTABLE, ExtensionKind::StorageBackend, "storage backend",
      "on_create, on_destroy, on_put, on_get, on_stat, on_delete",
      [](const orc_storage_backend_vtable& v) {
        return v.on_create != nullptr && v.on_destroy != nullptr && v.on_put != nullptr &&
               v.on_get != nullptr && v.on_stat != nullptr && v.on_delete != nullptr;
      }};
  return stage(vtable, rules, storage_backends_);
}

std::string Registrar::firstProblem() const {
  return problems_.empty() ? std::string() : problems_.front();
}

std::vector<std::string> Registrar::commit() {
  for (auto& entry : node_types_)
    registry_.nodeTypes().add(std::move(entry));
  for (auto& entry : ai_providers_)
    registry_.aiProviders().add(std::move(entry));
  for (auto& entry : mcp_transports_)
    registry_.mcpTransports().add(std::move(entry));
  for (auto& entry : storage_backends_)
    registry_.storageBackends().add(std::move(entry));
  std::vector<std::string> ids = std::move(staged_ids_);
  discard();
  return ids;
}

void Registrar::discard() {
  node_types_.clear();
  ai_providers_.clear();
  mcp_transports_.clear();
  storage_backends_.clear();
  staged_ids_.clear();
}

}  // namespace orchestra::plugins
