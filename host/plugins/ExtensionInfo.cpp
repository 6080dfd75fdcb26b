#include "host/plugins/ExtensionInfo.hpp"

#include <algorithm>
#include <cstring>

namespace orchestra::plugins {

std::string_view extensionKindName(ExtensionKind kind) {
  switch (kind) {
    case ExtensionKind::NodeType:
      return "node_type";
    case ExtensionKind::AiProvider:
      return "ai_provider";
    case ExtensionKind::McpTransport:
      return "mcp_transport";
    case ExtensionKind::StorageBackend:
      return "storage_backend";
  }
  return "unknown";
}

std::string_view categoryName(std::uint32_t category) {
  switch (category) {
    case ORC_CATEGORY_TRIGGER:
      return "trigger";
    case ORC_CATEGORY_LOGIC:
      return "logic";
    case ORC_CATEGORY_ACTION:
      return "action";
    case ORC_CATEGORY_AGENT:
      return "agent";
    case ORC_CATEGORY_INTEGRATION:
      return "integration";
    default:
      return "other";
  }
}

bool isValidExtensionId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  int slashes = 0;
  char previous = '/';
  for (const char c : id) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool separator = c == '.' || c == '_' || c == '-';
    if (c == '/') {
      if (++slashes > 1 || previous == '/') return false;
    } else if (!word && !(separator && previous != '/' && previous != '.')) {
      return false;
    }
    previous = c;
  }
  return previous != '/' && previous != '.';
}

namespace {

std::string copyPorts(const orc_port_spec* ports, size_t count, std::vector<PortInfo>& out) {
  if (count == 0) return {};
  if (ports == nullptr) return "port array is NULL with a non-zero count";
  if (count > 256) return "more than 256 ports";
  for (size_t i = 0; i < count; ++i) {
    PortInfo port{toString(ports[i].name), ports[i].flags};
    if (port.name.empty()) return "a port has no name";
    if (std::any_of(out.begin(), out.end(),
                    [&](const PortInfo& p) { return p.name == port.name; })) {
      return "port \"" + port.name + "\" is declared twice";
    }
    out.push_back(std::move(port));
  }
  return {};
}

}  // namespace

std::string copyExtensionInfo(const orc_extension_info* info, ExtensionKind kind,
                              ExtensionInfo& out) {
  if (info == nullptr) return "extension has no info";
  if (info->struct_size < ORC_V1_0_SIZE_EXTENSION_INFO) {
    return "orc_extension_info is smaller than ABI v1.0's (" + std::to_string(info->struct_size) +
           " < " + std::to_string(ORC_V1_0_SIZE_EXTENSION_INFO) + " bytes)";
  }
  // Fields a newer minor appended are ignored; fields an older plugin lacks stay zero.
  orc_extension_info copy{};
  std::memcpy(&copy, info, std::min<size_t>(info->struct_size, sizeof copy));
  out.kind = kind;
  out.id = toString(copy.id);
  out.display_name = toString(copy.display_name);
  out.description = toString(copy.description);
  out.config_schema_json = toString(copy.config_schema_json);
  if (out.config_schema_json.empty()) out.config_schema_json = "{}";
  out.type_version = copy.type_version == 0 ? 1 : copy.type_version;
  out.category = copy.category;
  out.flags = copy.flags;
  if (!isValidExtensionId(out.id)) return "invalid extension id \"" + out.id + "\"";
  if (out.display_name.empty()) out.display_name = out.id;
  if (auto problem = copyPorts(copy.input_ports, copy.input_port_count, out.input_ports);
      !problem.empty()) {
    return out.id + ": input " + problem;
  }
  if (auto problem = copyPorts(copy.output_ports, copy.output_port_count, out.output_ports);
      !problem.empty()) {
    return out.id + ": output " + problem;
  }
  return {};
}

}  // namespace orchestra::plugins
