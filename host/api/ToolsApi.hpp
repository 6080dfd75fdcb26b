// The plan's Tools API: POST /api/v1/tools/ai/chat (JSON, or Server-Sent Events with stream:
// true), /tools/ai/image, /tools/web/search and /tools/web/read, each a one-node call of the
// node type that offers the same capability in workflows (ai.chat, ai.image, web.*).
#pragma once

#include "host/config/Config.hpp"
#include "host/http/Router.hpp"
#include "host/plugins/AiGateway.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/SecretSource.hpp"

namespace orchestra::api {

// `secrets` may be null (no secrets store: providers then find no key).
void registerToolRoutes(http::Router& router, const plugins::PluginRegistry& registry,
                        const plugins::AiGateway& ai, runtime::SecretSource* secrets);

// /tools/web/search and /tools/web/read against the services of `settings` (web_tools:).
void registerWebToolRoutes(http::Router& router, const plugins::PluginRegistry& registry,
                           runtime::SecretSource* secrets,
                           const config::WebToolsSettings& settings);

}  // namespace orchestra::api
