// The host's own copy of what a plugin said about one extension (orc_extension_info): owned
// strings and ports, so nothing points into plugin memory after registration.
#pragma once

#include <orchestra/abi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/Schema.hpp"

namespace orchestra::plugins {

enum class ExtensionKind { NodeType, AiProvider, McpTransport, StorageBackend };

std::string_view extensionKindName(ExtensionKind kind);
std::string_view categoryName(std::uint32_t category);

struct PortInfo {
  std::string name;
  std::uint32_t flags = 0;
};

struct ExtensionInfo {
  ExtensionKind kind = ExtensionKind::NodeType;
  std::string id;
  std::string display_name;
  std::string description;
  std::string config_schema_json;
  // Compiled once at registration; every instance's config is checked against it.
  std::optional<schema::Schema> config_schema;
  std::uint32_t type_version = 1;
  std::uint32_t category = ORC_CATEGORY_INTEGRATION;
  std::uint32_t flags = 0;
  std::vector<PortInfo> input_ports;
  std::vector<PortInfo> output_ports;
  std::string owner_plugin_id;
};

// Namespaced ids: "core.http_request", "com.acme.crm/lookup" (lower-case letters, digits, '.',
// '_', '-', at most one '/').
bool isValidExtensionId(std::string_view id);

// Copies `info` (which the plugin owns) into an ExtensionInfo. Returns an error text when the
// struct is smaller than v1.0's or a required field is missing; empty on success.
std::string copyExtensionInfo(const orc_extension_info* info, ExtensionKind kind,
                              ExtensionInfo& out);

inline std::string toString(orc_str text) {
  return text.data == nullptr ? std::string() : std::string(text.data, text.size);
}
inline orc_str toOrcStr(std::string_view text) {
  return {text.data(), text.size()};
}

}  // namespace orchestra::plugins
