// Plugin registration: the Registrar handed to a plugin's init, and ORCHESTRA_PLUGIN, which
// defines the one exported symbol, orc_plugin_entry_v1, from a plugin class.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "orchestra/abi.h"
#include "orchestra/sdk/AiProvider.hpp"
#include "orchestra/sdk/Extension.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/McpTransport.hpp"
#include "orchestra/sdk/NodeType.hpp"
#include "orchestra/sdk/StorageBackend.hpp"
#include "orchestra/sdk/detail/Trampoline.hpp"

namespace orchestra::sdk {

// Views of string literals: the descriptor is built without allocating, before on_init.
struct PluginInfo {
  std::string_view id;       // "com.example.hello": owner of the plugin's extensions
  std::string_view version;  // the plugin's own version, "1.0.0"
  std::string_view name;
  std::string_view description;
  std::string_view config_schema = "{}";  // JSON Schema of the plugin's `config:` in the YAML
};

namespace detail {

class RegistrationBase {
 public:
  virtual ~RegistrationBase() = default;
};

inline void fillOperations(orc_node_type_vtable& vtable) {
  vtable.on_execute = &executeNode;
}
inline void fillOperations(orc_ai_provider_vtable& vtable) {
  vtable.on_chat = &aiChat;
  vtable.on_generate_image = &aiImage;
  vtable.on_list_models = &aiListModels;
}
inline void fillOperations(orc_mcp_transport_vtable& vtable) {
  vtable.on_open = &mcpOpen;
  vtable.on_send = &mcpSend;
  vtable.on_receive = &mcpReceive;
  vtable.on_close = &mcpClose;
}
inline void fillOperations(orc_storage_backend_vtable& vtable) {
  vtable.on_put = &storagePut;
  vtable.on_get = &storageGet;
  vtable.on_stat = &storageStat;
  vtable.on_delete = &storageDelete;
  vtable.on_list = &storageList;
}

// One registered extension: its description, its vtable and the host its instances call.
// Lives until the plugin shuts down because the vtable's type_data points at it.
template <class Base, class Concrete, class Vtable>
class Registration : public RegistrationBase {
  static_assert(std::is_base_of_v<Base, Concrete>, "register a class derived from the kind's base");

 public:
  explicit Registration(const HostApi& host) : host_(host), info_(Concrete::describe()) {
    vtable_.struct_size = sizeof vtable_;
    vtable_.info = info_.raw();
    vtable_.type_data = this;
    vtable_.on_create = &Registration::create;
    vtable_.on_destroy = &Factory<Base, Concrete>::destroy;
    fillOperations(vtable_);
  }

  const Vtable* vtable() const { return &vtable_; }
  const std::string& id() const { return info_.info().id; }

 private:
  static orc_status create(void* type_data, orc_str config_json, orc_instance** out_instance,
                           orc_result* result) noexcept {
    auto* self = static_cast<Registration*>(type_data);
    return Factory<Base, Concrete>::create(self->host_, config_json, out_instance, result);
  }

  const HostApi& host_;
  ExtensionInfoStorage info_;
  Vtable vtable_{};
};

}  // namespace detail

// Valid only during the plugin's init: announces its extensions to the host.
class Registrar {
 public:
  Registrar(const orc_registrar& raw, const HostApi& host, const Json& config,
            std::vector<std::unique_ptr<detail::RegistrationBase>>& registrations)
      : raw_(raw), host_(host), config_(config), registrations_(registrations) {}

  // Each throws Error when the host refuses (duplicate id, bad description).
  template <class T>
  void addNodeType() {
    add<NodeType, T, orc_node_type_vtable>(raw_.host_register_node_type, "node type");
  }
  template <class T>
  void addAiProvider() {
    add<AiProvider, T, orc_ai_provider_vtable>(raw_.host_register_ai_provider, "AI provider");
  }
  template <class T>
  void addMcpTransport() {
    add<McpTransport, T, orc_mcp_transport_vtable>(raw_.host_register_mcp_transport,
                                                   "MCP transport");
  }
  template <class T>
  void addStorageBackend() {
    add<StorageBackend, T, orc_storage_backend_vtable>(raw_.host_register_storage_backend,
                                                       "storage backend");
  }

  // The plugin's `config:` from the host's YAML, validated against PluginInfo::config_schema.
  const Json& config() const { return config_; }
  const HostApi& host() const { return host_; }

 private:
  template <class Base, class T, class Vtable, class RegisterFunction>
  void add(RegisterFunction register_function, const char* kind) {
    if (register_function == nullptr) {
      throw Error::unsupported(std::string("this host cannot register a ") + kind);
    }
    auto registration = std::make_unique<detail::Registration<Base, T, Vtable>>(host_);
    orc_status status = register_function(raw_.ctx, registration->vtable());
    if (status != ORC_OK) {
      throw Error::fromStatus(status, std::string("registering ") + kind + " '" +
                                          registration->id() + "': " + statusName(status));
    }
    registrations_.push_back(std::move(registration));
  }

  const orc_registrar& raw_;
  const HostApi& host_;
  const Json& config_;
  std::vector<std::unique_ptr<detail::RegistrationBase>>& registrations_;
};

namespace detail {

template <class Plugin, class = void>
struct HasShutdown : std::false_type {};
template <class Plugin>
struct HasShutdown<Plugin, std::void_t<decltype(Plugin::shutdown())>> : std::true_type {};

// The C side of one plugin class: its descriptor and the state its hooks share.
template <class Plugin>
class PluginEntry {
 public:
  static const orc_plugin_descriptor* descriptor() {
    static const orc_plugin_descriptor kDescriptor = makeDescriptor();
    return &kDescriptor;
  }

 private:
  struct State {
    HostApi host;
    std::vector<std::unique_ptr<RegistrationBase>> registrations;
  };
  static State& state() {
    static State instance;
    return instance;
  }

  static orc_plugin_descriptor makeDescriptor() {
    constexpr PluginInfo info = Plugin::info;
    orc_plugin_descriptor raw{};
    raw.struct_size = sizeof raw;
    raw.abi_major = ORC_ABI_VERSION_MAJOR;
    raw.abi_minor = ORC_ABI_VERSION_MINOR;
    raw.id = toOrcStr(info.id);
    raw.version = toOrcStr(info.version);
    raw.name = toOrcStr(info.name);
    raw.description = toOrcStr(info.description);
    raw.config_schema_json = toOrcStr(info.config_schema);
    raw.on_init = &PluginEntry::onInit;
    raw.on_shutdown = &PluginEntry::onShutdown;
    return raw;
  }

  static orc_status onInit(const orc_host_api* host_api, const orc_registrar* registrar,
                           orc_str config_json, orc_result* result) noexcept {
    State& plugin = state();
    // A table we cannot trust cannot carry a message either: the status alone must do.
    if (!plugin.host.adopt(host_api).empty()) return ORC_ERR_VERSION;
    return guarded(plugin.host, result, [&] {
      orc_registrar raw = copyHostStruct(registrar, ORC_V1_0_SIZE_REGISTRAR, "the registrar");
      Json config = parseJsonArgument(config_json, "plugin config");
      Registrar facade(raw, plugin.host, config, plugin.registrations);
      try {
        Plugin::init(facade);
      } catch (...) {
        plugin.registrations.clear();  // the host forgets them too
        throw;
      }
      return ORC_OK;
    });
  }

  static void onShutdown() noexcept {
    if constexpr (HasShutdown<Plugin>::value) {
      try {
        Plugin::shutdown();
      } catch (...) {
        // Nothing can report it any more; the host is shutting the plugin down regardless.
      }
    }
    state().registrations.clear();
  }
};

}  // namespace detail

// The descriptor of a plugin class: what orc_plugin_entry_v1 returns (tests call it directly).
template <class Plugin>
const orc_plugin_descriptor* pluginDescriptor() {
  return detail::PluginEntry<Plugin>::descriptor();
}

}  // namespace orchestra::sdk

// Defines the plugin's exported entry symbol from a class with
//   static constexpr orchestra::sdk::PluginInfo info{...};
//   static void init(orchestra::sdk::Registrar& registrar);
//   static void shutdown();   // optional
// Use it once per shared library, at namespace scope.
#define ORCHESTRA_PLUGIN(PluginClass)                                                   \
  extern "C" ORC_PLUGIN_EXPORT const orc_plugin_descriptor* orc_plugin_entry_v1(void) { \
    return ::orchestra::sdk::pluginDescriptor<PluginClass>();                           \
  }
