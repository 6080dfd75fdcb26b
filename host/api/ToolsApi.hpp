// The plan's Tools API for AI: POST /api/v1/tools/ai/chat runs the ai.chat node type as a
// one-node call, answering JSON, or Server-Sent Events while the model streams (stream: true).
#pragma once

#include "host/http/Router.hpp"
#include "host/plugins/AiGateway.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/runtime/SecretSource.hpp"

namespace orchestra::api {

// `secrets` may be null (no secrets store: providers then find no key).
void registerToolRoutes(http::Router& router, const plugins::PluginRegistry& registry,
                        const plugins::AiGateway& ai, runtime::SecretSource* secrets);

}  // namespace orchestra::api
