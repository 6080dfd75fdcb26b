// The catalog of what is loaded, for the studio's palette and for operators:
// GET /api/v1/node-types (every node type with its config schema and ports) and
// GET /api/v1/plugins (every configured plugin, loaded or failed, with the reason).
#pragma once

#include "host/http/Router.hpp"
#include "host/plugins/PluginRegistry.hpp"

namespace orchestra::api {

void registerPluginRoutes(http::Router& router, const plugins::PluginRegistry& registry);

// The JSON documents behind those routes (also printed by `orchestra plugins list --json`).
std::string nodeTypesDocument(const plugins::PluginRegistry& registry);
std::string pluginsDocument(const plugins::PluginRegistry& registry);

}  // namespace orchestra::api
