#include "host/api/ToolsApi.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <memory>

#include "host/api/NodeCallResponses.hpp"
#include "host/auth/Authorization.hpp"
#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/runtime/OneNodeCall.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kChatSchema =
    R"({"type":"object","additionalProperties":false,"required":["provider"],)"
    R"("anyOf":[{"required":["prompt"]},{"required":["messages"]}],"properties":{)"
    R"("provider":{"type":"string","minLength":1,"maxLength":64},)"
    R"("model":{"type":"string","maxLength":200},)"
    R"("system":{"type":"string"},)"
    R"("prompt":{"type":"string","minLength":1},)"
    R"("messages":{"type":"array","minItems":1,"items":{"type":"object","required":["role"],)"
    R"("properties":{"role":{"type":"string","enum":["system","user","assistant","tool"]}}}},)"
    R"("temperature":{"type":"number","minimum":0,"maximum":2},)"
    R"("max_tokens":{"type":"integer","minimum":1,"maximum":1000000},)"
    R"("stream":{"type":"boolean"},)"
    R"("workspace_id":{"type":"string","format":"uuid"}}})";

constexpr const char* kChatAnswerSchema =
    R"({"type":"object","properties":{"provider":{"type":"string"},"model":{"type":"string"},)"
    R"("message":{"type":"object"},"content":{"type":"string"},)"
    R"("finish_reason":{"type":"string"},"usage":{"type":"object"}}})";

std::string sseEvent(std::string_view event, std::string_view data) {
  std::string out = "event: ";
  out += event;
  out += "\ndata: ";
  out += data;  // one line: JSON text never holds a raw newline
  out += "\n\n";
  return out;
}

// The chunk a progress event of ai.chat carries ({"message":"...","data":{chunk}}).
std::string chunkOf(std::string_view progress_json) {
  try {
    Poco::JSON::Parser parser;
    const auto event = parser.parse(std::string(progress_json)).extract<Poco::JSON::Object::Ptr>();
    if (event->has("data")) return text::toJson(event->get("data"));
  } catch (const Poco::Exception&) {
    // Not ours to judge: pass the event on as it came.
  }
  return std::string(progress_json);
}

// The call's config for the ai.chat node: the body without what only the endpoint reads.
std::string nodeConfig(const Poco::JSON::Object& body, bool stream) {
  Poco::JSON::Object config(body);
  config.remove("workspace_id");
  config.set("stream", stream);
  return text::toJson(Poco::Dynamic::Var(Poco::JSON::Object::Ptr(new Poco::JSON::Object(config))));
}

}  // namespace

void registerToolRoutes(http::Router& router, const plugins::PluginRegistry& registry,
                        const plugins::AiGateway& ai, runtime::SecretSource* secrets) {
  http::RouteDoc chat;
  chat.summary = "Chat with a configured AI provider (Server-Sent Events when stream is true)";
  chat.tags = {"tools"};
  chat.requires_auth = true;
  chat.action = auth::actionName(auth::Action::UseTools);
  chat.request_schema_json = kChatSchema;
  chat.responses[200] = {
      "The answer, or with stream: text/event-stream of `chunk` events, then "
      "one `done` (the answer) or `error` event",
      kChatAnswerSchema};
  chat.responses[402] = {"budget_exceeded: the call could pass an AI budget", ""};
  chat.responses[403] = {"Viewers cannot run AI calls in the workspace", ""};
  chat.responses[429] = {"More than the AI tools rate limit (per user and hour)", ""};
  chat.responses[502] = {"The provider refused the call", ""};
  chat.responses[503] = {"The provider is overloaded or unreachable; retry later", ""};
  router.add(
      "POST", "/api/v1/tools/ai/chat",
      [&registry, &ai, secrets](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const Poco::JSON::Object& body = *request.jsonBody();
        std::optional<std::string> requested;
        if (body.has("workspace_id")) requested = body.getValue<std::string>("workspace_id");
        const std::string workspace = auth::requestedOrPersonalWorkspace(caller, requested);
        auth::authorize(caller, workspace, auth::Action::UseTools);
        const auto provider = body.getValue<std::string>("provider");
        if (!ai.hasProvider(provider)) {
          throw errors::ApiError::validation({"body", "provider"},
                                             "no AI provider \"" + provider + "\" is configured",
                                             "value_error.unknown_provider");
        }
        const bool stream = body.has("stream") && body.getValue<bool>("stream");
        auto call = std::make_shared<runtime::OneNodeCall>();
        call->node_type = "ai.chat";
        call->config_json = nodeConfig(body, stream);
        call->who.workspace_id = workspace;
        call->who.user_id = caller.userId();

        if (!stream) {
          const plugins::NodeOutcome outcome = runtime::runOneNode(registry, secrets, *call);
          if (!outcome.ok)
            return http::Response::json(statusForFailedCall(outcome), failedCallJson(outcome));
          return http::Response::json(200,
                                      outcome.ports.empty() ? "{}" : outcome.ports.front().second);
        }
        http::Response response;
        response.content_type = "text/event-stream";
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");  // proxies must not hold events back
        response.stream = [&registry, secrets, call](const http::StreamWrite& write) {
          auto gone = std::make_shared<std::atomic<bool>>(false);
          call->is_cancelled = [gone] { return gone->load(); };
          call->on_progress = [gone, &write](std::string_view event_json) {
            if (!write(sseEvent("chunk", chunkOf(event_json)))) gone->store(true);
          };
          const plugins::NodeOutcome outcome = runtime::runOneNode(registry, secrets, *call);
          if (outcome.ok) {
            write(sseEvent("done", outcome.ports.empty() ? "{}" : outcome.ports.front().second));
          } else {
            write(sseEvent("error", failedCallJson(outcome)));
          }
        };
        return response;
      },
      std::move(chat));
}

}  // namespace orchestra::api
