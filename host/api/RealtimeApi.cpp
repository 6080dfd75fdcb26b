#include "host/api/RealtimeApi.hpp"

#include <atomic>
#include <charconv>
#include <memory>

#include "host/api/RealtimeSnapshots.hpp"
#include "host/auth/Policy.hpp"
#include "host/auth/http/AuthMiddleware.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonDocument.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/ws/Frame.hpp"
#include "host/ws/Handshake.hpp"

namespace orchestra::api {

namespace {

http::RouteDoc webSocketDoc(auth::Action action, std::string summary, std::string description) {
  http::RouteDoc doc;
  doc.action = auth::actionName(action);
  doc.summary = std::move(summary);
  doc.description = std::move(description) +
                    " Authenticate with `Authorization: Bearer`, `?token=` or the subprotocol "
                    "pair `bearer, <token>` (answered with `bearer`). Every message has the "
                    "plan's shape {type, execution_id, node_id, status, timestamp, data} and a "
                    "per-channel `seq`; the first is a snapshot of the present.";
  doc.tags = {"realtime"};
  doc.requires_auth = true;
  doc.websocket = true;
  doc.parameters.push_back({"token", "query", "The access token (browsers)", false});
  doc.responses[101] = {"Switching to WebSocket", ""};
  doc.responses[400] = {"Not a WebSocket upgrade request", ""};
  doc.responses[401] = {"Missing, invalid, expired or revoked access token", ""};
  doc.responses[403] = {"The page's Origin is not allowed", ""};
  doc.responses[426] = {"WebSocket version other than 13", ""};
  doc.responses[429] = {"Too many WebSocket connections for this user", ""};
  doc.responses[503] = {"Too many WebSocket connections on this instance", ""};
  return doc;
}

// What every endpoint checks before the 101: the page's origin and the handshake itself.
http::Response upgradeResponse(const http::Request& request,
                               const std::vector<std::string>& allowed_origins) {
  if (!ws::originAllowed(request.header("Origin"), allowed_origins)) {
    throw errors::ApiError::forbidden("This page's origin may not open a WebSocket here");
  }
  return ws::acceptUpgrade(request);
}

std::optional<std::uint64_t> resumePoint(const http::Request& request) {
  const auto text = request.queryParam("after");
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    throw errors::ApiError::validation({"query", "after"},
                                       "Must be a sequence number received earlier", "int_parsing");
  }
  return value;
}

ws::ClientSpec specFor(const http::Request& request, const auth::Caller& caller) {
  ws::ClientSpec spec;
  spec.user_id = caller.userId();
  spec.token = auth::webSocketToken(request);
  return spec;
}

// {"type": "presence", "workflow_id": "<id>" | null, "state": "viewing" | "editing" | "idle"}
std::optional<ws::Presence> presenceMessage(std::string_view message, std::string* problem) {
  // A compact document: a client's message may be up to websocket.max_message_bytes of any
  // shape, and Poco's document of it would cost up to ~300 times that.
  const std::optional<text::JsonDocument> document = text::JsonDocument::parse(message);
  if (!document || !document->root().isObject()) {
    *problem = "Messages must be JSON objects";
    return std::nullopt;
  }
  const text::JsonView object = document->root();
  try {
    if (object.optValue<std::string>("type", "") != "presence") {
      *problem = R"(Unknown message type; this channel takes {"type": "presence", ...})";
      return std::nullopt;
    }
    ws::Presence presence;
    presence.state = object.optValue<std::string>("state", "viewing");
    if (presence.state != "viewing" && presence.state != "editing" && presence.state != "idle") {
      *problem = "state must be viewing, editing or idle";
      return std::nullopt;
    }
    if (!object.isNull("workflow_id")) {
      auto workflow = store::canonicalUuid(object.getValue<std::string>("workflow_id"));
      if (!workflow) {
        *problem = "workflow_id must be a workflow's id";
        return std::nullopt;
      }
      presence.workflow_id = *workflow;
    }
    return presence;
  } catch (const text::JsonTypeError&) {
    *problem = "workflow_id must be a workflow's id";
    return std::nullopt;
  }
}

std::string errorMessage(std::string_view detail) {
  text::JsonWriter json;
  beginUnscopedMessage(json, "error");
  json.field("detail", detail).endObject().endObject();
  return std::move(json).finish();
}

void registerExecutionChannel(http::Router& router, ws::Hub& hub,
                              runtime::ExecutionQueries& executions,
                              const std::shared_ptr<const std::vector<std::string>>& origins) {
  http::RouteDoc doc = webSocketDoc(
      auth::Action::ViewExecutions, "Follow one execution live",
      "Status changes, step progress, log lines and streamed agent text of one execution. "
      "`?after=SEQ` resumes after the last message received (missed messages follow a "
      "`resumed` message) while the host still has them, else a fresh snapshot comes.");
  doc.parameters.push_back(
      {"after", "query", "Resume after this seq", false, R"({"type":"integer","minimum":0})"});
  doc.responses[404] = {"No such execution among the caller's workspaces", ""};
  router.add(
      "GET", "/api/v1/ws/executions/{id}",
      [&hub, &executions, origins](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        // The 404 comes before the handshake: an unknown id never becomes a socket.
        const runtime::ExecutionDetail detail = executions.get(caller, request.pathParam("id"));
        const auto after = resumePoint(request);
        http::Response response = upgradeResponse(request, *origins);
        ws::ClientSpec spec = specFor(request, caller);
        spec.channels = {"execution:" + detail.execution.id};
        spec.workspace_ids = {detail.execution.workspace_id};
        spec.after = after;
        spec.snapshot = [&executions, caller, id = detail.execution.id] {
          return executionSnapshot(executions.get(caller, id));
        };
        response.upgrade = hub.accept(std::move(spec));
        return response;
      },
      std::move(doc));
}

void registerAnalyticsChannel(http::Router& router, ws::Hub& hub,
                              runtime::ExecutionQueries& executions,
                              const std::shared_ptr<const std::vector<std::string>>& origins) {
  http::RouteDoc doc = webSocketDoc(
      auth::Action::Account, "Live execution counters of the caller's workspaces",
      "Starts with the running and pending executions and the last day's completions and "
      "failures per workspace; execution_status messages follow as executions start and end.");
  router.add(
      "GET", "/api/v1/ws/analytics",
      [&hub, &executions, origins](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        http::Response response = upgradeResponse(request, *origins);
        ws::ClientSpec spec = specFor(request, caller);
        std::vector<std::string> workspace_ids;
        for (const auto& membership : caller.memberships()) {
          workspace_ids.push_back(membership.workspace_id);
          spec.channels.push_back("workspace:" + membership.workspace_id + ":executions");
        }
        spec.workspace_ids = workspace_ids;
        spec.snapshot = [&executions, caller, workspace_ids] {
          return analyticsSnapshot(executions, caller, workspace_ids);
        };
        response.upgrade = hub.accept(std::move(spec));
        return response;
      },
      std::move(doc));
}

void registerCollaborationChannel(http::Router& router, ws::Hub& hub, ws::PresenceBoard& presence,
                                  const std::shared_ptr<const std::vector<std::string>>& origins) {
  http::RouteDoc doc = webSocketDoc(
      auth::Action::ViewWorkspace, "Collaborate in a workspace live",
      "Workflows saved, deleted or published in the workspace, and who is viewing or editing "
      "which workflow. Send {\"type\": \"presence\", \"workflow_id\": ..., \"state\": "
      "\"viewing\" | \"editing\" | \"idle\"} to announce yourself and repeat it as a heartbeat "
      "(within websocket.presence_ttl_ms); the snapshot lists who is there.");
  doc.responses[404] = {"No such workspace among the caller's", ""};
  router.add(
      "GET", "/api/v1/ws/collaboration/{workspace_id}",
      [&hub, &presence, origins](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const std::string requested(request.pathParam("workspace_id"));
        auth::authorize(caller, requested, auth::Action::ViewWorkspace);
        const std::string workspace_id = store::canonicalUuid(requested).value_or(requested);
        http::Response response = upgradeResponse(request, *origins);
        ws::ClientSpec spec = specFor(request, caller);
        spec.channels = {"workspace:" + workspace_id + ":collaboration"};
        spec.workspace_ids = {workspace_id};
        spec.snapshot = [&presence, workspace_id] {
          // Watching starts before the board is read, and ends with the socket (on_close).
          presence.watch(workspace_id);
          ws::Snapshot snapshot;
          text::JsonWriter json;
          beginUnscopedMessage(json, "snapshot");
          json.field("workspace_id", workspace_id)
              .key("presence")
              .rawValue(presence.presentJson(workspace_id))
              .endObject()
              .endObject();
          snapshot.message_json = std::move(json).finish();
          snapshot.already_reflected = [&presence, workspace_id](std::string_view event) {
            return presence.shows(workspace_id, event);
          };
          return snapshot;
        };
        const std::string user_id = caller.userId();
        const std::string email = caller.email();
        // A socket that never announced itself leaves without a word: thousands of silent
        // dashboards coming and going cost their collaborators nothing.
        auto announced_once = std::make_shared<std::atomic<bool>>(false);
        spec.on_message = [&presence, workspace_id, user_id, email, announced_once](
                              ws::Client& client, std::string_view message) {
          std::string problem;
          auto announced = presenceMessage(message, &problem);
          if (!announced) return client.send(errorMessage(problem));
          announced->connection = presence.instanceId() + ":" + std::to_string(client.id());
          announced->user_id = user_id;
          announced->email = email;
          announced_once->store(true);
          presence.announce(workspace_id, *announced);
        };
        spec.on_close = [&presence, workspace_id, user_id, email,
                         announced_once](ws::Client& client) {
          presence.unwatch(workspace_id);
          if (!announced_once->load()) return;
          ws::Presence left;
          left.connection = presence.instanceId() + ":" + std::to_string(client.id());
          left.user_id = user_id;
          left.email = email;
          left.state = "left";
          presence.announce(workspace_id, left);
        };
        response.upgrade = hub.accept(std::move(spec));
        return response;
      },
      std::move(doc));
}

}  // namespace

void registerRealtimeRoutes(http::Router& router, ws::Hub& hub, ws::PresenceBoard& presence,
                            runtime::ExecutionQueries& executions,
                            std::vector<std::string> allowed_origins) {
  auto origins = std::make_shared<const std::vector<std::string>>(std::move(allowed_origins));
  registerExecutionChannel(router, hub, executions, origins);
  registerAnalyticsChannel(router, hub, executions, origins);
  registerCollaborationChannel(router, hub, presence, origins);
}

}  // namespace orchestra::api
