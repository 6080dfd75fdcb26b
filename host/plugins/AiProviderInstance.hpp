// One configured AI provider (an instance of a registered orc_ai_provider_vtable), created once
// at start-up from the operator's ai.providers entry and shared by every caller.
#pragma once

#include <orchestra/abi.h>

#include <memory>
#include <string>
#include <variant>

#include "host/plugins/ExtensionRegistry.hpp"

namespace orchestra::plugins {

class AiProviderInstance {
 public:
  using Entry = RegisteredExtension<orc_ai_provider_vtable>;

  // The instance, or why the config (checked against the extension's schema, defaults filled
  // in) or the plugin refused it.
  static std::variant<std::unique_ptr<AiProviderInstance>, std::string> create(
      const Entry& extension, const std::string& config_json);
  ~AiProviderInstance();
  AiProviderInstance(const AiProviderInstance&) = delete;
  AiProviderInstance& operator=(const AiProviderInstance&) = delete;

  const std::string& extensionId() const { return extension_.info.id; }
  // The completed config: the gateway reads default_model / default_max_tokens from it.
  const std::string& configJson() const { return config_json_; }

  // The plugin's on_chat / on_generate_image as is (THREAD: concurrent calls are allowed).
  orc_status chat(const orc_ai_chat_request& request, orc_result& result,
                  orc_ai_usage& usage) const;
  orc_status generateImage(const orc_ai_image_request& request, orc_result& result,
                           orc_ai_usage& usage) const;

 private:
  AiProviderInstance(const Entry& extension, orc_instance* instance, std::string config_json)
      : extension_(extension), instance_(instance), config_json_(std::move(config_json)) {}

  const Entry& extension_;
  orc_instance* instance_;
  std::string config_json_;
};

}  // namespace orchestra::plugins
