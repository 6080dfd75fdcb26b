// The catalog of what is loaded, for the studio's palette and for operators:
// GET /api/v1/node-types (every node type with its config schema and ports) and
// GET /api/v1/plugins (every configured plugin, loaded or failed), both for signed-in users.
#pragma once

#include <cstdint>
#include <string>

#include "host/http/Router.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::api {

void registerPluginRoutes(http::Router& router, const plugins::PluginRegistry& registry);

// Who reads the plugin list: the API never shows file paths, hashes or refusal reasons (they
// name paths and hashes); an operator on the server (`orchestra plugins list --json`) sees all.
enum class PluginListAudience : std::uint8_t { kApi, kOperator };

// The JSON documents behind those routes (also printed by `orchestra plugins list --json`).
std::string nodeTypesDocument(const plugins::PluginRegistry& registry);
std::string pluginsDocument(const plugins::PluginRegistry& registry, PluginListAudience audience);

}  // namespace orchestra::api
