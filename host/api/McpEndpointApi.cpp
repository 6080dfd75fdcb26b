#include "host/api/McpEndpointApi.hpp"

#include <memory>
#include <string>

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/JsonBody.hpp"
#include "host/mcp/EndpointSessions.hpp"
#include "host/mcp/JsonRpc.hpp"
#include "host/mcp/McpProtocolVersion.hpp"
#include "host/mcp/WorkflowTools.hpp"
#include "host/observability/Logger.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

// Not JSON-RPC's own: the code MCP servers commonly send with the 404 for an unknown session.
constexpr int kSessionNotFound = -32001;
constexpr std::int64_t kMaxMessageBytes = std::int64_t{4} * 1024 * 1024;
constexpr const char* kSessionHeader = "Mcp-Session-Id";
constexpr const char* kVersionHeader = "MCP-Protocol-Version";
constexpr const char* kNullId = "null";

http::Response rpcResponse(int status, std::string body) {
  return http::Response::json(status, std::move(body));
}

http::Response rpcError(int status, std::string_view id_json, int code, std::string_view message) {
  return rpcResponse(status, mcp::jsonRpcError(id_json, code, message));
}

// Accept lists both media types in a conforming client; a missing header or */* is taken as
// both, so that simple clients (curl) work.
struct Accepts {
  bool json = true;
  bool event_stream = true;
};

Accepts accepts(const http::Request& request) {
  const std::string_view accept = request.header("Accept");
  if (accept.empty() || accept.find("*/*") != std::string_view::npos) return {};
  return {accept.find("application/json") != std::string_view::npos ||
              accept.find("application/*") != std::string_view::npos,
          accept.find("text/event-stream") != std::string_view::npos ||
              accept.find("text/*") != std::string_view::npos};
}

std::string sseEvent(std::string_view message_json) {
  return "event: message\ndata: " + std::string(message_json) + "\n\n";
}

// The message's params: an empty object when absent, an absent view when not an object.
text::JsonView paramsOf(text::JsonView message) {
  const text::JsonView params = message.get("params");
  if (!params.exists()) return text::emptyJsonObject();
  return params.isObject() ? params : text::JsonView();
}

std::string principalOf(const auth::Caller& caller) {
  return caller.userId() + " " + caller.sessionId();
}

// The client's version when we speak it, else our newest: the client then decides.
std::string agreedVersion(text::JsonView params) {
  const auto requested = params.optValue<std::string>("protocolVersion", "");
  return mcp::isSupportedProtocolVersion(requested) ? requested
                                                    : std::string(mcp::kLatestProtocolVersion);
}

std::string initializeResult(std::string_view version) {
  text::JsonWriter json;
  json.beginObject().field("protocolVersion", version);
  json.key("capabilities").beginObject().key("tools").beginObject();
  json.field("listChanged", false).endObject().endObject();
  json.key("serverInfo")
      .beginObject()
      .field("name", "orchestra")
      .field("title", "Orchestra")
      .field("version", ORCHESTRA_VERSION)
      .endObject();
  json.field("instructions",
             "Each tool runs one published Orchestra workflow with the arguments as its input "
             "and answers with the workflow's output.");
  return std::move(json.endObject()).finish();
}

std::string toolsListResult(const std::vector<mcp::WorkflowTool>& tools) {
  text::JsonWriter json;
  json.beginObject().key("tools").beginArray();
  for (const auto& tool : tools) {
    json.beginObject()
        .field("name", tool.name)
        .field("title", tool.title)
        .field("description", tool.description)
        .key("inputSchema")
        .rawValue(tool.input_schema_json)
        .endObject();
  }
  return std::move(json.endArray().endObject()).finish();
}

std::string progressNotification(std::string_view token_json, const mcp::ToolProgress& progress) {
  text::JsonWriter params;
  params.beginObject().key("progressToken").rawValue(token_json);
  params.field("progress", progress.finished_nodes);
  if (progress.total_nodes > 0) params.field("total", progress.total_nodes);
  params.field("message", progress.message).endObject();
  return mcp::jsonRpcNotification("notifications/progress", std::move(params).finish());
}

workspaces::ActivityEntry toolCallActivity(const mcp::WorkflowTool& tool,
                                           const std::string& execution_id) {
  text::JsonWriter details;
  details.beginObject()
      .field("workflow_id", tool.workflow.id)
      .field("via", "mcp")
      .field("tool", tool.name)
      .endObject();
  return {tool.workflow.workspace_id, "execution.started", "execution", execution_id,
          std::move(details).finish()};
}

class McpEndpoint {
 public:
  McpEndpoint(runtime::Runtime& runtime, store::Database& database, bus::EventBus& events,
              const ActivityRecorder& activity)
      : tools_(database, runtime, events), activity_(activity) {}

  http::Response post(http::Request& request);
  http::Response remove(http::Request& request);

 private:
  // `document` holds the message; a streamed answer keeps it until the call is over.
  http::Response dispatch(http::Request& request, const mcp::IncomingMessage& message,
                          const std::shared_ptr<const text::JsonDocument>& document,
                          const Accepts& accepted);
  http::Response callTool(http::Request& request, const mcp::IncomingMessage& message,
                          const std::shared_ptr<const text::JsonDocument>& document,
                          const Accepts& accepted);

  mcp::WorkflowTools tools_;
  mcp::EndpointSessions sessions_;
  const ActivityRecorder& activity_;
};

http::Response McpEndpoint::post(http::Request& request) {
  const auth::Caller& caller = auth::requireCaller(request);
  const Accepts accepted = accepts(request);
  if (!accepted.json && !accepted.event_stream) {
    return rpcError(406, kNullId, mcp::kInvalidRequest,
                    "Accept must include application/json and text/event-stream");
  }
  const std::string_view header_version = request.header(kVersionHeader);
  if (!header_version.empty() && !mcp::isSupportedProtocolVersion(header_version)) {
    return rpcError(400, kNullId, mcp::kInvalidRequest,
                    "Unsupported MCP-Protocol-Version: " + std::string(header_version));
  }
  const std::string& body = request.body();
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '[') {
    return rpcError(400, kNullId, mcp::kInvalidRequest, "JSON-RPC batches are not supported");
  }
  // Refused past the limits before a document is built, from the shape the dispatcher measured.
  const http::JsonLimits& limits = request.jsonLimits();
  const http::JsonShape shape = request.jsonShape().value_or(http::JsonShape{});
  if (shape.depth > limits.max_depth) {
    return rpcError(
        400, kNullId, mcp::kInvalidRequest,
        "The message is nested deeper than " + std::to_string(limits.max_depth) + " levels");
  }
  // The same 413 texts as every other body's.
  if (shape.values > limits.max_values) {
    return rpcError(413, kNullId, mcp::kInvalidRequest, http::jsonTooManyValues(limits).detail());
  }
  if (http::packedTooDensely(body.size(), shape)) {
    return rpcError(413, kNullId, mcp::kInvalidRequest, http::jsonTooDense().detail());
  }
  std::optional<text::JsonDocument> parsed = text::JsonDocument::parse(body, limits.max_depth);
  if (!parsed) return rpcError(400, kNullId, mcp::kParseError, "Parse error");
  const auto document = std::make_shared<const text::JsonDocument>(std::move(*parsed));
  const mcp::IncomingMessage message = mcp::classifyJsonRpc(document->root());
  if (message.kind == mcp::IncomingMessage::Kind::Invalid) {
    return rpcError(400, kNullId, mcp::kInvalidRequest, "Invalid request: " + message.problem);
  }
  if (message.method == "initialize") {
    const text::JsonView params = paramsOf(document->root());
    if (message.kind != mcp::IncomingMessage::Kind::Request || !params.exists()) {
      return rpcError(400, message.id_json.empty() ? kNullId : message.id_json,
                      mcp::kInvalidRequest, "initialize is a request with an object of params");
    }
    const std::string version = agreedVersion(params);
    http::Response response =
        rpcResponse(200, mcp::jsonRpcResult(message.id_json, initializeResult(version)));
    response.setHeader(kSessionHeader, sessions_.open(principalOf(caller), version));
    return response;
  }
  const std::string_view session = request.header(kSessionHeader);
  if (session.empty()) {
    return rpcError(400, message.id_json.empty() ? kNullId : message.id_json, mcp::kInvalidRequest,
                    "Mcp-Session-Id header required (initialize first)");
  }
  if (!sessions_.use(session, principalOf(caller))) {
    return rpcError(404, message.id_json.empty() ? kNullId : message.id_json, kSessionNotFound,
                    "Session not found; initialize a new one");
  }
  // Notifications (initialized, cancelled) and answers to requests this server never sends.
  if (message.kind != mcp::IncomingMessage::Kind::Request) return http::Response::text(202, "", "");
  return dispatch(request, message, document, accepted);
}

http::Response McpEndpoint::dispatch(http::Request& request, const mcp::IncomingMessage& message,
                                     const std::shared_ptr<const text::JsonDocument>& document,
                                     const Accepts& accepted) {
  if (!paramsOf(document->root()).exists()) {
    return rpcError(200, message.id_json, mcp::kInvalidParams, "params must be an object");
  }
  if (message.method == "ping") return rpcResponse(200, mcp::jsonRpcResult(message.id_json, "{}"));
  if (message.method == "tools/list") {
    const auto tools = tools_.list(auth::requireCaller(request));
    return rpcResponse(200, mcp::jsonRpcResult(message.id_json, toolsListResult(tools)));
  }
  if (message.method == "tools/call") return callTool(request, message, document, accepted);
  return rpcError(200, message.id_json, mcp::kMethodNotFound,
                  "Method not found: " + message.method);
}

http::Response McpEndpoint::callTool(http::Request& request, const mcp::IncomingMessage& message,
                                     const std::shared_ptr<const text::JsonDocument>& document,
                                     const Accepts& accepted) {
  const auth::Caller& caller = auth::requireCaller(request);
  const text::JsonView params = paramsOf(document->root());
  if (!params.get("name").isString()) {
    return rpcError(200, message.id_json, mcp::kInvalidParams, "params.name must be a string");
  }
  const auto name = params.getValue<std::string>("name");
  auto tool = tools_.find(caller, name);
  if (!tool) return rpcError(200, message.id_json, mcp::kInvalidParams, "Unknown tool: " + name);
  // Absent or null: no arguments, read as an empty object.
  const text::JsonView arguments = params.get("arguments");
  if (!arguments.isNull() && !arguments.isObject()) {
    return rpcError(200, message.id_json, mcp::kInvalidParams,
                    "params.arguments must be an object");
  }
  std::string progress_token;
  if (const text::JsonView meta = params.get("_meta");
      meta.isObject() && meta.has("progressToken")) {
    progress_token = text::toJson(meta.get("progressToken"));
  }

  if (progress_token.empty() || !accepted.event_stream) {
    mcp::ToolCallResult result;
    try {
      result = tools_.call(caller, *tool, arguments, nullptr);
    } catch (const errors::ApiError& error) {
      // The queue is full (503) or the host is stopping: the client may try again later.
      return rpcError(200, message.id_json, mcp::kInternalError, error.detail());
    }
    if (!result.execution_id.empty()) {
      activity_.record(request, toolCallActivity(*tool, result.execution_id));
    }
    return rpcResponse(200, mcp::jsonRpcResult(message.id_json, result.result_json));
  }

  // Progress as Server-Sent Events, then the result; the stream runs after this returns, so it
  // keeps copies of what it needs from the request.
  http::Response response;
  response.status = 200;
  response.content_type = "text/event-stream";
  response.setHeader("Cache-Control", "no-cache");
  response.stream = [this, caller_copy = caller, client = activity_.client(request),
                     tool = std::move(*tool), document, arguments, progress_token,
                     id_json = message.id_json](const http::StreamWrite& write) {
    std::string reply;
    try {
      const auto result = tools_.call(caller_copy, tool, arguments, [&](const auto& progress) {
        return write(sseEvent(progressNotification(progress_token, progress)));
      });
      if (!result.execution_id.empty()) {
        activity_.log().record(caller_copy, client, toolCallActivity(tool, result.execution_id));
      }
      reply = mcp::jsonRpcResult(id_json, result.result_json);
    } catch (const errors::ApiError& error) {
      reply = mcp::jsonRpcError(id_json, mcp::kInternalError, error.detail());
    } catch (const std::exception& error) {
      observability::logError("mcp", "a tool call failed", {{"error", error.what()}});
      reply = mcp::jsonRpcError(id_json, mcp::kInternalError, "Internal error");
    }
    write(sseEvent(reply));
  };
  return response;
}

http::Response McpEndpoint::remove(http::Request& request) {
  const std::string_view session = request.header(kSessionHeader);
  if (session.empty()) {
    return rpcError(400, kNullId, mcp::kInvalidRequest, "Mcp-Session-Id header required");
  }
  if (!sessions_.close(session, principalOf(auth::requireCaller(request)))) {
    return rpcError(404, kNullId, kSessionNotFound, "Session not found");
  }
  return http::Response::noContent();
}

http::RouteDoc doc(std::string summary) {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"mcp"};
  route_doc.requires_auth = true;
  route_doc.accepts_api_keys = true;
  // Any signed-in caller; each tool call is checked against workflows.execute of its workspace.
  route_doc.action = auth::actionName(auth::Action::Account);
  route_doc.parameters = {{kSessionHeader, "header", "The session initialize issued"},
                          {kVersionHeader, "header", "The protocol version agreed on"}};
  route_doc.responses[401] = {"Missing, invalid or revoked access token or API key", ""};
  return route_doc;
}

}  // namespace

void registerMcpEndpointRoutes(http::Router& router, runtime::Runtime& runtime,
                               store::Database& database, bus::EventBus& events,
                               const ActivityRecorder& activity) {
  auto endpoint = std::make_shared<McpEndpoint>(runtime, database, events, activity);

  auto post = doc("Send one MCP message (JSON-RPC 2.0) to Orchestra's MCP server");
  post.description =
      "Streamable HTTP (MCP 2025-11-25, also 2025-06-18, 2025-03-26, 2024-11-05). initialize "
      "issues Mcp-Session-Id; tools/list answers the caller's published workflows that have a "
      "manual or webhook trigger and settings.input_schema; tools/call runs one and answers its "
      "output, as text/event-stream with notifications/progress when the call carries "
      "_meta.progressToken. Bearer: an access token or a workspace API key (orc_...).";
  post.max_body_bytes = kMaxMessageBytes;
  post.json_body_read_by_handler = true;
  post.responses[200] = {"The JSON-RPC response (application/json or text/event-stream)", ""};
  post.responses[202] = {"A notification or response was accepted", ""};
  post.responses[400] = {
      "Not JSON (-32700), not a request or nested too deep (-32600), no session header", ""};
  post.responses[404] = {"Unknown or ended session: initialize again", ""};
  post.responses[406] = {"Accept allows neither application/json nor text/event-stream", ""};
  post.responses[413] = {
      "The message holds more JSON values than server.json.max_values, or packs them so densely "
      "that holding them would cost more than 10 times the message",
      ""};
  router.add(
      "POST", "/api/v1/mcp", [endpoint](http::Request& request) { return endpoint->post(request); },
      std::move(post));

  auto get = doc("Server-initiated streams are not offered");
  get.responses[405] = {"Always: this server sends nothing unasked", ""};
  router.add(
      "GET", "/api/v1/mcp",
      [](http::Request&) {
        http::Response response =
            rpcError(405, kNullId, mcp::kInvalidRequest, "This server offers no GET stream");
        response.setHeader("Allow", "POST, DELETE");
        return response;
      },
      std::move(get));

  auto remove = doc("End an MCP session");
  remove.responses[204] = {"Ended", ""};
  remove.responses[404] = {"Unknown or already ended session", ""};
  router.add(
      "DELETE", "/api/v1/mcp",
      [endpoint](http::Request& request) { return endpoint->remove(request); }, std::move(remove));
}

}  // namespace orchestra::api
