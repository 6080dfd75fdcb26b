// Loads the plugins that plugins.load names, in order, on the main thread at start-up: checks
// each file (exists, sha256, entry symbol, ABI version, struct sizes, id), validates its config
// against its schema, runs on_init with a registrar, and records why a refused plugin failed.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/config/Config.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::plugins {

// A required plugin was refused: start-up stops with this message (it names file and reason).
class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PluginLoader {
 public:
  PluginLoader(PluginRegistry& registry, HostServices& services);
  ~PluginLoader();
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  // Loads every entry. A refused optional plugin is recorded as Failed and logged; a refused
  // required one throws PluginLoadError after recording it.
  void loadAll(const config::PluginsSettings& settings);

  // Loads one entry; returns the record (also appended to the registry).
  const PluginRecord& load(const config::PluginLoadSpec& spec,
                           const std::vector<std::string>& search_paths);

  // Calls on_shutdown of every loaded plugin, newest first. The libraries stay mapped until the
  // loader is destroyed (no unload while anything they created may live).
  void shutdownAll() noexcept;

  // For an exit with plugin code still running on some thread (a node that ignored its
  // cancellation): on_shutdown is not called (the ABI promises it only once no call runs) and
  // the libraries are never unmapped, so that thread does not jump into unmapped code while the
  // process ends.
  void keepLoadedForExit() noexcept { keep_loaded_ = true; }

 private:
  struct LoadedLibrary;

  std::filesystem::path resolve(const std::string& file,
                                const std::vector<std::string>& search_paths) const;
  // Returns an empty string when accepted, else the refusal reason.
  std::string tryLoad(const config::PluginLoadSpec& spec, const std::filesystem::path& path,
                      PluginRecord& record);

  PluginRegistry& registry_;
  HostServices& services_;
  std::vector<std::unique_ptr<LoadedLibrary>> libraries_;
  bool keep_loaded_ = false;
};

}  // namespace orchestra::plugins
