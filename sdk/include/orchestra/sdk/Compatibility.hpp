// The load-time checks of ABI v1 (descriptor version and sizes, extension ids), shared by the
// fake host and available to a real host, so both refuse a plugin for the same reasons.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "orchestra/abi.h"

namespace orchestra::sdk {

// Empty when the descriptor may be initialised by a host speaking 1.`host_minor`, otherwise
// the refusal reason (the host prefixes the plugin's path).
inline std::string checkPluginDescriptor(const orc_plugin_descriptor* descriptor,
                                         uint32_t host_minor = ORC_ABI_VERSION_MINOR) {
  if (descriptor == nullptr) return "orc_plugin_entry_v1 returned no descriptor";
  if (descriptor->struct_size < ORC_V1_0_SIZE_PLUGIN_DESCRIPTOR) {
    return "plugin descriptor is " + std::to_string(descriptor->struct_size) +
           " bytes, smaller than ABI v1.0's " + std::to_string(ORC_V1_0_SIZE_PLUGIN_DESCRIPTOR);
  }
  if (descriptor->abi_major != ORC_ABI_VERSION_MAJOR) {
    return "built for ABI major " + std::to_string(descriptor->abi_major) +
           ", this host speaks major " + std::to_string(ORC_ABI_VERSION_MAJOR);
  }
  if (descriptor->abi_minor > host_minor) {
    return "built against ABI 1." + std::to_string(descriptor->abi_minor) +
           ", newer than this host's 1." + std::to_string(host_minor) +
           " (upgrade Orchestra or rebuild the plugin with an older SDK)";
  }
  if (descriptor->on_init == nullptr) return "plugin descriptor has no on_init";
  if (descriptor->id.size == 0 || descriptor->id.data == nullptr) return "plugin id is empty";
  return {};
}

// Namespaced ids: lower-case segments [a-z0-9_-] starting with a letter, separated by '.',
// with at least one '.', optionally followed by one "/name": "core.if", "com.acme.crm/lookup".
inline bool isValidExtensionId(std::string_view id) {
  bool seen_dot = false;
  bool seen_slash = false;
  bool segment_start = true;
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool letter = c >= 'a' && c <= 'z';
    bool digit = c >= '0' && c <= '9';
    if (segment_start) {
      if (!letter) return false;
      segment_start = false;
    } else if (c == '.' || c == '/') {
      if (c == '/' && (seen_slash || !seen_dot)) return false;
      if (c == '.' && !seen_slash) seen_dot = true;
      if (c == '/') seen_slash = true;
      segment_start = true;
    } else if (!letter && !digit && c != '_' && c != '-') {
      return false;
    }
  }
  return seen_dot && !segment_start;
}

}  // namespace orchestra::sdk
