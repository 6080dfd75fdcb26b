// The settings every HTTP-based AI provider reads from its config: where the API is, which
// workspace secret holds its key, the default model and max_tokens, the timeout and size limit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/Json.hpp"

namespace orchestra::sdk {

struct AiHttpSettings {
  std::string base_url;             // without a trailing slash
  std::string default_model;        // when a request names none
  std::string api_key_secret;       // a workspace secret NAME, read per call; empty: no key
  int64_t default_max_tokens = 0;   // when a request says none; 0 = the API's own default
  int64_t timeout_ms = 120'000;     // per call
  uint64_t max_response_bytes = 0;  // 0 = the host's default
};

// The config's values over `defaults`. Throws Error::validation for a base_url that is not an
// http(s) URL (the schema says so too; this guards hand-made configs).
inline AiHttpSettings readAiHttpSettings(const Json& config, AiHttpSettings defaults) {
  AiHttpSettings settings = std::move(defaults);
  settings.base_url = config.stringOr("base_url", settings.base_url);
  while (!settings.base_url.empty() && settings.base_url.back() == '/')
    settings.base_url.pop_back();
  settings.default_model = config.stringOr("default_model", settings.default_model);
  settings.api_key_secret = config.stringOr("api_key_secret", settings.api_key_secret);
  if (const Json* value = config.find("default_max_tokens")) {
    settings.default_max_tokens = value->asInt();
  }
  if (const Json* value = config.find("timeout_ms")) settings.timeout_ms = value->asInt();
  if (const Json* value = config.find("max_response_bytes")) {
    settings.max_response_bytes = value->asUint();
  }
  if (settings.base_url.rfind("http://", 0) != 0 && settings.base_url.rfind("https://", 0) != 0) {
    throw Error::validation("config.base_url must be an http:// or https:// URL");
  }
  return settings;
}

// The JSON Schema properties of these settings, to splice into a provider's config schema
// ("properties":{ <these>, <the provider's own> }).
inline std::string aiHttpSettingsSchemaProperties(std::string_view default_base_url,
                                                  std::string_view default_model) {
  return std::string(R"("base_url":{"type":"string","pattern":"^[Hh][Tt][Tt][Pp][Ss]?://",)") +
         R"("default":)" + Json::quote(default_base_url) +
         R"(},"default_model":{"type":"string","minLength":1,"default":)" +
         Json::quote(default_model) +
         R"(},"api_key_secret":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,127}$",)"
         R"("description":"Name of the workspace secret that holds the API key"},)"
         R"("default_max_tokens":{"type":"integer","minimum":1,"maximum":1000000},)"
         R"("timeout_ms":{"type":"integer","minimum":1000,"maximum":3600000,"default":120000},)"
         R"("max_response_bytes":{"type":"integer","minimum":1024})";
}

}  // namespace orchestra::sdk
