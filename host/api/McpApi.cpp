#include "host/api/McpApi.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

// Names: environment variables and HTTP header field names. Values: up to 64 KiB each.
constexpr const char* kEnvSchema =
    R"({"type":["object","null"],"maxProperties":100,)"
    R"("propertyNames":{"pattern":"^[A-Za-z_][A-Za-z0-9_]{0,127}$"},)"
    R"("additionalProperties":{"type":"string","maxLength":65536}})";
constexpr const char* kHeadersSchema =
    R"({"type":["object","null"],"maxProperties":100,)"
    R"("propertyNames":{"pattern":"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$"},)"
    R"("additionalProperties":{"type":"string","maxLength":65536}})";

std::string definitionProperties() {
  return std::string(R"("name":{"type":"string","minLength":1,"maxLength":255},)"
                     R"("type":{"type":"string","enum":["stdio","http","sse"]},)"
                     R"("command":{"type":["string","null"],"minLength":1,"maxLength":4096},)"
                     R"("args":{"type":"array","maxItems":256,)"
                     R"("items":{"type":"string","maxLength":4096}},)"
                     R"("url":{"type":["string","null"],"minLength":1,"maxLength":2048},)"
                     R"("env":)") +
         kEnvSchema + R"(,"headers":)" + kHeadersSchema;
}

std::string createSchema() {
  return R"({"type":"object","additionalProperties":false,"required":["name","type"],)"
         R"("properties":{)" +
         definitionProperties() + R"(,"workspace_id":{"type":"string","format":"uuid"}}})";
}

std::string updateSchema() {
  return R"({"type":"object","additionalProperties":false,"minProperties":1,"properties":{)" +
         definitionProperties() + "}}";
}

constexpr const char* kServerSchema =
    R"({"type":"object","properties":{"id":{"type":"string"},"workspace_id":{"type":"string"},)"
    R"("name":{"type":"string"},"type":{"type":"string"},"command":{"type":["string","null"]},)"
    R"("args":{"type":"array"},"url":{"type":["string","null"]},)"
    R"("env_names":{"type":"array"},"header_names":{"type":"array"},)"
    R"("status":{"type":"string","enum":["connected","disconnected","error"]},)"
    R"("error":{"type":["string","null"]},"last_connected_at":{"type":["string","null"]},)"
    R"("last_seen_at":{"type":["string","null"]},"protocol_version":{"type":["string","null"]},)"
    R"("created_at":{"type":"string"},"updated_at":{"type":"string"}}})";

std::string isoFromUnixMs(std::int64_t unix_ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(unix_ms * 1000), "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::optional<std::string> nonEmpty(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// Definition and status; env and header values deliberately have no member.
void writeServer(text::JsonWriter& json, const mcp::McpServerView& view) {
  const store::McpServerRow& row = view.row;
  const auto* live = view.live ? &*view.live : nullptr;
  json.beginObject()
      .field("id", row.id)
      .field("workspace_id", row.workspace_id)
      .field("user_id", row.user_id)
      .field("name", row.settings.name)
      .field("type", row.settings.type)
      .field("command", row.settings.command)
      .key("args")
      .beginArray();
  for (const std::string& arg : row.settings.args)
    json.value(arg);
  json.endArray().field("url", row.settings.url).key("env_names").beginArray();
  for (const std::string& name : view.env_names)
    json.value(name);
  json.endArray().key("header_names").beginArray();
  for (const std::string& name : view.header_names)
    json.value(name);
  json.endArray();
  if (live != nullptr) {
    json.field("status", mcp::stateName(live->state))
        .field("error", nonEmpty(live->error))
        .field("last_seen_at",
               live->last_seen_unix_ms > 0
                   ? std::optional<std::string>(isoFromUnixMs(live->last_seen_unix_ms))
                   : row.last_seen_at)
        .field("protocol_version", nonEmpty(live->protocol_version))
        .field("restarts", static_cast<std::int64_t>(live->restarts));
  } else {
    json.field("status", row.status)
        .field("error", row.status_error)
        .field("last_seen_at", row.last_seen_at)
        .field("protocol_version", std::optional<std::string>())
        .field("restarts", std::int64_t{0});
  }
  json.field("last_connected_at", row.last_connected_at)
      .field("created_at", row.created_at)
      .field("updated_at", row.updated_at)
      .endObject();
}

http::Response serverResponse(int status, const mcp::McpServerView& view) {
  text::JsonWriter json;
  writeServer(json, view);
  return http::jsonResponse(status, std::move(json));
}

// One JSON text per tool, in the server's order.
std::vector<std::string> toolTexts(const std::string& tools_json) {
  std::vector<std::string> tools;
  Poco::JSON::Parser parser;
  const auto array = parser.parse(tools_json).extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; array && i < array->size(); ++i)
    tools.push_back(text::toJson(array->get(static_cast<unsigned>(i))));
  return tools;
}

http::RouteDoc doc(std::string summary, std::string request_schema = "",
                   auth::Action action = auth::Action::ViewMcpServers) {
  http::RouteDoc route_doc;
  route_doc.action = auth::actionName(action);
  route_doc.summary = std::move(summary);
  route_doc.tags = {"mcp"};
  route_doc.requires_auth = true;
  route_doc.request_schema_json = std::move(request_schema);
  // Env values and headers of up to 64 KiB, escaped as JSON.
  if (!route_doc.request_schema_json.empty()) route_doc.max_body_bytes = std::int64_t{1} << 20;
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[404] = {"No such MCP server, or one of a workspace the caller is not in", ""};
  return route_doc;
}

// A server is known by its id and name; never by its env values or headers.
workspaces::ActivityEntry serverActivity(const std::string& workspace_id, const std::string& id,
                                         const std::string& name, const char* action) {
  text::JsonWriter details;
  details.beginObject().field("name", name).endObject();
  return {workspace_id, action, "mcp_server", id, std::move(details).finish()};
}

http::Response recorded(const ActivityRecorder& activity, const http::Request& request, int status,
                        const mcp::McpServerView& view, const char* action) {
  activity.record(
      request, serverActivity(view.row.workspace_id, view.row.id, view.row.settings.name, action));
  return serverResponse(status, view);
}

http::RouteDoc writeDoc(std::string summary, std::string request_schema = "") {
  auto route_doc =
      doc(std::move(summary), std::move(request_schema), auth::Action::ManageMcpServers);
  route_doc.responses[403] = {"Only administrators and owners change or start MCP servers", ""};
  return route_doc;
}

void registerDefinitionRoutes(http::Router& router, mcp::McpServerService& service,
                              const ActivityRecorder& activity) {
  auto list = doc("List the MCP servers of the caller's workspaces (or of one)");
  list.parameters = {{"workspace_id", "query", "only this workspace", false,
                      R"({"type":"string","format":"uuid"})"},
                     {"limit", "query", "1-100, default 20", false, R"({"type":"integer"})"},
                     {"offset", "query", "default 0", false, R"({"type":"integer"})"}};
  router.add(
      "GET", "/api/v1/mcp/servers",
      [&service](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        const auto servers =
            service.list(auth::requireCaller(request), auth::requestedWorkspaceId(request),
                         page.limit, page.offset);
        return http::listResponse(servers.views, servers.total, page, writeServer);
      },
      std::move(list));

  auto create = writeDoc(
      "Define an MCP server: stdio (command, args, env) or http/sse (url, "
      "headers); env values and headers are sealed at rest",
      createSchema());
  create.responses[201] = {"The server", kServerSchema};
  create.responses[422] = {"Invalid definition, or a command the spawn rules refuse", ""};
  create.responses[503] = {"env or headers while the secrets store is off", ""};
  router.add(
      "POST", "/api/v1/mcp/servers",
      [&service, &activity](http::Request& request) {
        return recorded(activity, request, 201,
                        service.create(auth::requireCaller(request),
                                       auth::requestedWorkspaceId(request), request.jsonBody()),
                        "mcp_server.created");
      },
      std::move(create));

  auto read = doc("One MCP server: its definition and status");
  read.responses[200] = {"The server", kServerSchema};
  router.add(
      "GET", "/api/v1/mcp/servers/{id}",
      [&service](http::Request& request) {
        return serverResponse(200,
                              service.get(auth::requireCaller(request), request.pathParam("id")));
      },
      std::move(read));

  auto update = writeDoc(
      "Change an MCP server (its session restarts with the new definition); "
      "env or headers given replace the stored ones",
      updateSchema());
  update.responses[200] = {"The server", kServerSchema};
  router.add(
      "PUT", "/api/v1/mcp/servers/{id}",
      [&service, &activity](http::Request& request) {
        return recorded(activity, request, 200,
                        service.update(auth::requireCaller(request), request.pathParam("id"),
                                       request.jsonBody()),
                        "mcp_server.updated");
      },
      std::move(update));

  router.add(
      "DELETE", "/api/v1/mcp/servers/{id}",
      [&service, &activity](http::Request& request) {
        const std::string id(request.pathParam("id"));
        const std::string workspace_id = service.remove(auth::requireCaller(request), id);
        activity.record(request, serverActivity(workspace_id, id, "", "mcp_server.deleted"));
        return http::Response::noContent();
      },
      writeDoc("Delete an MCP server (its process ends)"));
}

void registerConnectionRoutes(http::Router& router, mcp::McpServerService& service,
                              const ActivityRecorder& activity) {
  auto connect = writeDoc("Connect to an MCP server now (stdio: start it)");
  connect.responses[200] = {"The server, connected", kServerSchema};
  connect.responses[502] = {"The server could not be reached; its status keeps the reason", ""};
  router.add(
      "POST", "/api/v1/mcp/servers/{id}/connect",
      [&service, &activity](http::Request& request) {
        return recorded(activity, request, 200,
                        service.connect(auth::requireCaller(request), request.pathParam("id")),
                        "mcp_server.connected");
      },
      std::move(connect));

  auto disconnect = writeDoc("Disconnect an MCP server (stdio: its process ends)");
  disconnect.responses[200] = {"The server, disconnected", kServerSchema};
  router.add(
      "POST", "/api/v1/mcp/servers/{id}/disconnect",
      [&service, &activity](http::Request& request) {
        return recorded(activity, request, 200,
                        service.disconnect(auth::requireCaller(request), request.pathParam("id")),
                        "mcp_server.disconnected");
      },
      std::move(disconnect));

  auto tools =
      doc("The server's tools with their input schemas: live while it is connected, "
          "else the last list it gave; refresh=true lists them again (editors)");
  tools.parameters = {{"refresh", "query", "list again now (starts the server if needed)", false,
                       R"({"type":"boolean"})"},
                      {"limit", "query", "1-100, default 20", false, R"({"type":"integer"})"},
                      {"offset", "query", "default 0", false, R"({"type":"integer"})"}};
  tools.responses[403] = {"Only administrators and owners refresh (it starts the server)", ""};
  tools.responses[502] = {"The server could not be reached", ""};
  router.add(
      "GET", "/api/v1/mcp/servers/{id}/tools",
      [&service](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        const bool refresh = request.queryParam("refresh").value_or("false") == "true";
        const auto all = toolTexts(
            service.tools(auth::requireCaller(request), request.pathParam("id"), refresh));
        const auto begin = std::min(all.size(), static_cast<std::size_t>(page.offset));
        const auto end = std::min(all.size(), begin + static_cast<std::size_t>(page.limit));
        const std::vector<std::string> shown(all.begin() + static_cast<std::ptrdiff_t>(begin),
                                             all.begin() + static_cast<std::ptrdiff_t>(end));
        return http::listResponse(
            shown, static_cast<std::int64_t>(all.size()), page,
            [](text::JsonWriter& json, const std::string& tool) { json.rawValue(tool); });
      },
      std::move(tools));
}

}  // namespace

void registerMcpRoutes(http::Router& router, mcp::McpServerService& service,
                       const ActivityRecorder& activity) {
  registerDefinitionRoutes(router, service, activity);
  registerConnectionRoutes(router, service, activity);
}

}  // namespace orchestra::api
