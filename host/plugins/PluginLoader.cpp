#include "host/plugins/PluginLoader.hpp"

#include <Poco/String.h>

#include <boost/dll/shared_library_load_mode.hpp>
#include <cstring>
#include <orchestra/sdk/Compatibility.hpp>

#include "host/observability/Logger.hpp"
#include "host/plugins/ConfigCompletion.hpp"
#include "host/plugins/Registrar.hpp"
#include "host/schema/Schema.hpp"
#include "host/schema/SchemaError.hpp"
#include "host/text/Sha256.hpp"

namespace orchestra::plugins {

// A mapped library and what the host handed its plugin; both live as long as the loader.
struct PluginLoader::LoadedLibrary {
  boost::dll::shared_library library;
  orc_host host;
  orc_host_api api{};
  orc_plugin_descriptor descriptor{};
  bool initialised = false;
};

PluginLoader::PluginLoader(PluginRegistry& registry, HostServices& services)
    : registry_(registry), services_(services) {}

PluginLoader::~PluginLoader() {
  if (!keep_loaded_) return;
  // Deliberately never freed: the process is ending and a thread may still run their code.
  for (auto& loaded : libraries_)
    static_cast<void>(loaded.release());
}

std::filesystem::path PluginLoader::resolve(const std::string& file,
                                            const std::vector<std::string>& search_paths) const {
  std::filesystem::path given(file);
  if (given.is_absolute()) return given;
  for (const auto& folder : search_paths) {
    const auto candidate = std::filesystem::path(folder) / given;
    if (std::filesystem::exists(candidate)) return std::filesystem::absolute(candidate);
  }
  return std::filesystem::absolute(given);
}

void PluginLoader::loadAll(const config::PluginsSettings& settings) {
  for (const auto& spec : settings.load) {
    const PluginRecord& record = load(spec, settings.search_paths);
    if (record.state == PluginState::Failed && spec.required) {
      throw PluginLoadError("required plugin " + record.file + " refused: " + record.failure);
    }
  }
}

const PluginRecord& PluginLoader::load(const config::PluginLoadSpec& spec,
                                       const std::vector<std::string>& search_paths) {
  const auto path = resolve(spec.file, search_paths);
  PluginRecord record;
  record.file = path.string();
  record.required = spec.required;
  const std::string failure = tryLoad(spec, path, record);
  if (failure.empty()) {
    record.state = PluginState::Loaded;
    observability::logInfo(
        "plugins", "plugin loaded",
        {{"plugin", record.id},
         {"version", record.version},
         {"file", record.file},
         {"extensions", static_cast<std::int64_t>(record.extension_ids.size())}});
  } else {
    record.state = PluginState::Failed;
    record.failure = failure;
    record.extension_ids.clear();
    observability::logEvent(
        spec.required ? observability::LogLevel::Critical : observability::LogLevel::Error,
        "plugins", "plugin refused",
        {{"file", record.file}, {"reason", failure}, {"required", spec.required}});
  }
  registry_.plugins().push_back(std::move(record));
  return registry_.plugins().back();
}

std::string PluginLoader::tryLoad(const config::PluginLoadSpec& spec,
                                  const std::filesystem::path& path, PluginRecord& record) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) return "missing file: " + path.string();
  if (!spec.sha256.empty()) {
    const std::string actual = text::sha256HexOfFile(path).value_or("(unreadable)");
    if (Poco::icompare(actual, spec.sha256) != 0) {
      return "sha256 mismatch: expected " + Poco::toLower(spec.sha256) + ", file has " + actual;
    }
  }

  auto loaded = std::make_unique<LoadedLibrary>();
  try {
    // RTLD_LOCAL keeps one plugin's symbols from resolving another's; RTLD_NOW surfaces a
    // missing dependency here, at start-up, not in the middle of an execution.
    loaded->library.load(path.string(),
                         boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& error) {
    return std::string("cannot be loaded: ") + error.what();
  }
  if (!loaded->library.has(ORC_PLUGIN_ENTRY_SYMBOL)) {
    return "not an Orchestra v1 plugin (no " ORC_PLUGIN_ENTRY_SYMBOL " symbol)";
  }
  const auto entry = loaded->library.get<const orc_plugin_descriptor*()>(ORC_PLUGIN_ENTRY_SYMBOL);
  const orc_plugin_descriptor* descriptor = entry();
  // The SDK's own check, so the host and the SDK's fake host refuse for the same reasons in
  // the same words.
  if (std::string refusal = sdk::checkPluginDescriptor(descriptor); !refusal.empty()) {
    return refusal;
  }
  std::memcpy(&loaded->descriptor, descriptor,
              std::min<std::size_t>(descriptor->struct_size, sizeof(orc_plugin_descriptor)));
  const orc_plugin_descriptor& plugin = loaded->descriptor;
  record.id = toString(plugin.id);
  record.version = toString(plugin.version);
  record.name = toString(plugin.name);
  record.description = toString(plugin.description);
  if (!isValidExtensionId(record.id) || record.id.find('/') != std::string::npos) {
    return "invalid plugin id \"" + record.id + "\"";
  }
  if (!spec.expect_id.empty() && spec.expect_id != record.id) {
    return "id mismatch: expected \"" + spec.expect_id + "\", the plugin says \"" + record.id +
           "\"";
  }
  if (const PluginRecord* existing = registry_.findPlugin(record.id)) {
    return "plugin id \"" + record.id + "\" already loaded from " + existing->file;
  }

  // The plugin's own config must satisfy the schema it declares before init sees it.
  std::string config_json;
  try {
    const std::string schema_json =
        plugin.config_schema_json.size == 0 ? "{}" : toString(plugin.config_schema_json);
    const CompletedConfig completed =
        completeConfig(schema::Schema::compile(schema_json), spec.config_json);
    if (!completed.ok()) return completed.problem;
    config_json = completed.json;
  } catch (const schema::SchemaError& error) {
    return std::string("declares an invalid config schema: ") + error.what();
  }

  loaded->host.plugin_id = record.id;
  loaded->host.logger_name = "plugin." + record.id;
  loaded->host.services = &services_;
  loaded->api = makeHostApi(&loaded->host);

  Registrar registrar(registry_, record.id);
  orc_registrar table = registrar.table();
  orc_result result{};
  result.struct_size = sizeof(orc_result);
  const orc_status status = plugin.on_init(&loaded->api, &table, toOrcStr(config_json), &result);
  std::string message = takeBuffer(result.error_message);
  freeBuffer(result.data);
  if (status != ORC_OK) {
    registrar.discard();
    return "init failed: " + (message.empty() ? "status " + std::to_string(status) : message);
  }
  loaded->initialised = true;
  if (std::string problem = registrar.firstProblem(); !problem.empty()) {
    // on_init succeeded but something it registered was refused: the plugin is not whole.
    registrar.discard();
    if (plugin.on_shutdown != nullptr) plugin.on_shutdown();
    loaded->initialised = false;
    libraries_.push_back(std::move(loaded));
    return problem;
  }
  record.extension_ids = registrar.commit();
  libraries_.push_back(std::move(loaded));
  return {};
}

void PluginLoader::shutdownAll() noexcept {
  if (keep_loaded_) return;
  for (std::size_t i = libraries_.size(); i-- > 0;) {  // newest first
    LoadedLibrary& loaded = *libraries_[i];
    if (!loaded.initialised) continue;
    loaded.initialised = false;
    if (loaded.descriptor.on_shutdown != nullptr) loaded.descriptor.on_shutdown();
  }
}

}  // namespace orchestra::plugins
