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

constexpr const char* kImageSchema =
    R"({"type":"object","additionalProperties":false,"required":["provider","prompt"],)"
    R"("properties":{"provider":{"type":"string","minLength":1,"maxLength":64},)"
    R"("prompt":{"type":"string","minLength":1,"maxLength":32000},)"
    R"("model":{"type":"string","maxLength":200},)"
    R"("size":{"type":"string","pattern":"^[0-9]{2,5}x[0-9]{2,5}$"},)"
    R"("count":{"type":"integer","minimum":1,"maximum":10},)"
    R"("workspace_id":{"type":"string","format":"uuid"}}})";

constexpr const char* kImageAnswerSchema =
    R"({"type":"object","properties":{"provider":{"type":"string"},"model":{"type":"string"},)"
    R"("images":{"type":"array","items":{"type":"object","properties":{)"
    R"("mime_type":{"type":"string"},"base64":{"type":"string"},"url":{"type":"string"}}}},)"
    R"("usage":{"type":"object","properties":{"image_count":{"type":"integer"}}}}})";

constexpr const char* kSearchSchema =
    R"({"type":"object","additionalProperties":false,"required":["query"],"properties":{)"
    R"("query":{"type":"string","minLength":1,"maxLength":2000},)"
    R"("count":{"type":"integer","minimum":1,"maximum":50},)"
    R"("workspace_id":{"type":"string","format":"uuid"}}})";

constexpr const char* kSearchAnswerSchema =
    R"({"type":"object","properties":{"query":{"type":"string"},)"
    R"("results":{"type":"array","items":{"type":"object","properties":{)"
    R"("title":{"type":"string"},"url":{"type":"string"},"description":{"type":"string"},)"
    R"("content":{"type":"string"}}}}}})";

constexpr const char* kReadSchema =
    R"({"type":"object","additionalProperties":false,"required":["url"],"properties":{)"
    R"("url":{"type":"string","minLength":1,"maxLength":8192,"pattern":"^[Hh][Tt][Tt][Pp][Ss]?://."},)"
    R"("max_content_bytes":{"type":"integer","minimum":1,"maximum":1000000},)"
    R"("workspace_id":{"type":"string","format":"uuid"}}})";

constexpr const char* kReadAnswerSchema =
    R"({"type":"object","properties":{"url":{"type":"string"},"title":{"type":"string"},)"
    R"("content":{"type":"string"},"source":{"type":"string","enum":["reader","direct"]},)"
    R"("truncated":{"type":"boolean"}}})";

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

// The body as the node's config: without what only the endpoint reads, with `extra` added.
std::string bodyAsConfig(text::JsonView body, const Poco::JSON::Object& extra) {
  text::JsonWriter config;
  config.beginObject();
  for (std::size_t i = 0; i < body.size(); ++i) {
    const std::string key(body.keyAt(i));
    if (key != "workspace_id" && !extra.has(key)) config.field(key, body.valueAt(i));
  }
  for (const auto& [key, value] : extra)
    config.field(key, value);
  return std::move(config.endObject()).finish();
}

// The one-node call of `node_type` for the caller, in the body's workspace_id (else their
// personal workspace), once they may use the tools there.
runtime::OneNodeCall callerCall(http::Request& request, const std::string& node_type,
                                const Poco::JSON::Object& extra_config) {
  const auth::Caller& caller = auth::requireCaller(request);
  const text::JsonView body = request.jsonBody();
  std::optional<std::string> requested;
  if (body.has("workspace_id")) requested = body.getValue<std::string>("workspace_id");
  const std::string workspace = auth::requestedOrPersonalWorkspace(caller, requested);
  auth::authorize(caller, workspace, auth::Action::UseTools);
  runtime::OneNodeCall call;
  call.node_type = node_type;
  call.config_json = bodyAsConfig(body, extra_config);
  call.who.workspace_id = workspace;
  call.who.user_id = caller.userId();
  return call;
}

// The node's main output, or its failure as NodeCallResponses says.
http::Response answerOf(const plugins::NodeOutcome& outcome) {
  if (!outcome.ok)
    return http::Response::json(statusForFailedCall(outcome), failedCallJson(outcome));
  return http::Response::json(200, outcome.ports.empty() ? "{}" : outcome.ports.front().second);
}

// The body's provider must be one of ai.providers: a 422 naming the field, before any call.
void requireKnownProvider(const plugins::AiGateway& ai, text::JsonView body) {
  const auto provider = body.getValue<std::string>("provider");
  if (!ai.hasProvider(provider)) {
    throw errors::ApiError::validation({"body", "provider"},
                                       "no AI provider \"" + provider + "\" is configured",
                                       "value_error.unknown_provider");
  }
}

// What every tools route documents alike.
http::RouteDoc toolDoc(std::string summary, const char* request_schema, std::string answer,
                       const char* answer_schema, std::string rate_limit) {
  http::RouteDoc doc;
  doc.summary = std::move(summary);
  doc.tags = {"tools"};
  doc.requires_auth = true;
  doc.action = auth::actionName(auth::Action::UseTools);
  doc.request_schema_json = request_schema;
  doc.responses[200] = {std::move(answer), answer_schema};
  doc.responses[403] = {"Viewers cannot use the tools in the workspace", ""};
  doc.responses[422] = {"A bad body, or input the service refused as bad", ""};
  doc.responses[429] = {std::move(rate_limit), ""};
  doc.responses[502] = {"The service refused the call", ""};
  doc.responses[503] = {"The service is overloaded, rate-limited or unreachable; retry later", ""};
  return doc;
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
        const text::JsonView body = request.jsonBody();
        const bool stream = body.has("stream") && body.getValue<bool>("stream");
        Poco::JSON::Object stream_flag;
        stream_flag.set("stream", stream);
        auto call =
            std::make_shared<runtime::OneNodeCall>(callerCall(request, "ai.chat", stream_flag));
        requireKnownProvider(ai, body);
        if (!stream) return answerOf(runtime::runOneNode(registry, secrets, *call));
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

  http::RouteDoc image = toolDoc(
      "Generate images with a configured AI provider (its OpenAI-compatible images API)",
      kImageSchema,
      "The images, as base64 (mime_type) or URLs; the call is in the AI ledger with its cost",
      kImageAnswerSchema,
      "More than the AI tools rate limit (per user and hour, shared with chat)");
  image.responses[402] = {"budget_exceeded: the images could pass an AI budget", ""};
  router.add(
      "POST", "/api/v1/tools/ai/image",
      [&registry, &ai, secrets](http::Request& request) {
        const runtime::OneNodeCall call = callerCall(request, "ai.image", Poco::JSON::Object());
        requireKnownProvider(ai, request.jsonBody());
        return answerOf(runtime::runOneNode(registry, secrets, call));
      },
      std::move(image));
}

void registerWebToolRoutes(http::Router& router, const plugins::PluginRegistry& registry,
                           runtime::SecretSource* secrets,
                           const config::WebToolsSettings& settings) {
  Poco::JSON::Object search_config;
  search_config.set("base_url", settings.search_url);
  search_config.set("api_key_secret", settings.api_key_secret);
  router.add(
      "POST", "/api/v1/tools/web/search",
      [&registry, secrets, search_config](http::Request& request) {
        return answerOf(runtime::runOneNode(registry, secrets,
                                            callerCall(request, "web.search", search_config)));
      },
      toolDoc("Search the web (the web.search node: a Jina-SERP-compatible service)", kSearchSchema,
              "The results: title, url, description, and content when the service sends it",
              kSearchAnswerSchema, "More than the web tools rate limit (per user and hour)"));

  Poco::JSON::Object read_config;
  read_config.set("reader_url", settings.reader_url);
  read_config.set("api_key_secret", settings.api_key_secret);
  router.add(
      "POST", "/api/v1/tools/web/read",
      [&registry, secrets, read_config](http::Request& request) {
        return answerOf(
            runtime::runOneNode(registry, secrets, callerCall(request, "web.read", read_config)));
      },
      toolDoc("Read a web page as text (the web.read node: a Jina-reader-compatible service with "
              "the workspace's key, else a direct fetch)",
              kReadSchema, "The page's title and text (source: reader or direct)",
              kReadAnswerSchema, "More than the web tools rate limit (per user and hour)"));
}

}  // namespace orchestra::api
