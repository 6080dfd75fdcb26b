#include "host/app/PluginTable.hpp"

#include <algorithm>
#include <iomanip>

namespace orchestra::app {

void printPluginTable(const plugins::PluginRegistry& registry, std::ostream& out) {
  const auto& records = registry.plugins();
  if (records.empty()) {
    out << "no plugins configured (plugins.load is empty)\n";
    return;
  }
  std::size_t id_width = 2;
  std::size_t version_width = 7;
  for (const auto& record : records) {
    id_width = std::max(id_width, record.id.size());
    version_width = std::max(version_width, record.version.size());
  }
  out << std::left << std::setw(static_cast<int>(id_width) + 2) << "ID"
      << std::setw(static_cast<int>(version_width) + 2) << "VERSION" << std::setw(8) << "STATE"
      << "FILE\n";
  for (const auto& record : records) {
    const bool loaded = record.state == plugins::PluginState::Loaded;
    out << std::setw(static_cast<int>(id_width) + 2) << (record.id.empty() ? "-" : record.id)
        << std::setw(static_cast<int>(version_width) + 2)
        << (record.version.empty() ? "-" : record.version) << std::setw(8)
        << (loaded ? "loaded" : "failed") << record.file << '\n';
    if (loaded) {
      out << "    extensions:";
      for (const auto& id : record.extension_ids)
        out << ' ' << id;
      out << '\n';
    } else {
      out << "    error: " << record.failure << '\n';
    }
  }
}

}  // namespace orchestra::app
