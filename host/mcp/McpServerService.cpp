#include "host/mcp/McpServerService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "host/auth/Authorization.hpp"
#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/observability/Logger.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::mcp {

namespace {

using errors::ApiError;
using Poco::JSON::Object;

constexpr std::string_view kLogger = "mcp";

ApiError serverNotFound() {
  return ApiError::notFound("MCP server not found");
}

bool isStdio(const store::McpServerSettings& settings) {
  return settings.type == "stdio";
}

std::optional<std::string> optionalString(text::JsonView body, const char* name,
                                          std::optional<std::string> current) {
  if (!body.has(name)) return current;
  if (body.isNull(name)) return std::nullopt;
  return body.getValue<std::string>(name);
}

Object::Ptr parseObject(const std::string& json) {
  Poco::JSON::Parser parser;
  const auto parsed = parser.parse(json.empty() ? "{}" : json);
  const auto& object = parsed.extract<Object::Ptr>();
  return object.isNull() ? Object::Ptr(new Object) : object;
}

std::vector<std::string> namesOf(const std::string& sealed_map_json) {
  std::vector<std::string> names;
  const auto map = parseObject(sealed_map_json);
  for (const auto& [name, value] : *map)
    names.push_back(name);
  return names;
}

// "mcp.env.NAME" / "mcp.header.NAME": the name each sealed value is bound to.
std::string slotName(std::string_view kind, const std::string& name) {
  return "mcp." + std::string(kind) + "." + name;
}

// One environment variable or header, sealed for this server.
std::string sealedMap(McpValueSealer& sealer, const store::McpServerRow& row, std::string_view kind,
                      text::JsonView values) {
  text::JsonWriter json;
  json.beginObject();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string name(values.keyAt(i));
    const text::JsonView value = values.valueAt(i);
    const store::SealedText sealed =
        sealer.seal(row.workspace_id, row.id, slotName(kind, name),
                    value.isString() ? value.as<std::string>() : text::toJson(value));
    json.key(name)
        .beginObject()
        .field("ciphertext", sealed.ciphertext)
        .field("nonce", sealed.nonce)
        .field("key_version", sealed.key_version)
        .endObject();
  }
  json.endObject();
  return std::move(json).finish();
}

// The sealed map opened into a JSON object of plain values, written into `json`.
void writeOpened(text::JsonWriter& json, McpValueSealer& sealer, const store::McpServerRow& row,
                 std::string_view kind, const std::string& sealed_map_json) {
  json.beginObject();
  const auto map = parseObject(sealed_map_json);
  for (const auto& [name, value] : *map) {
    const auto sealed = value.extract<Object::Ptr>();
    const store::SealedText text{sealed->getValue<std::string>("ciphertext"),
                                 sealed->getValue<std::string>("nonce"),
                                 sealed->optValue<Poco::Int64>("key_version", 1)};
    std::string plain = sealer.open(row.workspace_id, row.id, slotName(kind, name), text);
    json.field(name, plain);
  }
  json.endObject();
}

std::string capabilitiesOf(const McpServerStatus& status) {
  text::JsonWriter json;
  json.beginObject().field("protocol_version", status.protocol_version).key("server_info");
  if (status.server_info_json.empty()) {
    json.null();
  } else {
    json.rawValue(status.server_info_json);
  }
  json.endObject();
  return std::move(json).finish();
}

plugins::McpGatewayAnswer failedAnswer(orc_status status, orc_error_class error_class,
                                       std::string message) {
  return {status, error_class, std::move(message)};
}

// Another workspace's server is answered like one that does not exist.
plugins::McpGatewayAnswer noServer(const std::string& server_id) {
  return failedAnswer(ORC_ERR_NOT_FOUND, ORC_ERROR_CLASS_PERMANENT,
                      "no MCP server \"" + server_id + "\" in this workspace");
}

plugins::McpGatewayAnswer answerFor(const McpError& error) {
  orc_status status = ORC_ERR_FAILED;
  switch (error.failure()) {
    case McpFailure::Cancelled:
      status = ORC_ERR_CANCELLED;
      break;
    case McpFailure::Timeout:
      status = ORC_ERR_TIMEOUT;
      break;
    case McpFailure::Unavailable:
    case McpFailure::Closed:
      status = ORC_ERR_UNAVAILABLE;
      break;
    case McpFailure::Remote:
    case McpFailure::Protocol:
      break;
  }
  return failedAnswer(status,
                      error.transient() ? ORC_ERROR_CLASS_TRANSIENT : ORC_ERROR_CLASS_PERMANENT,
                      error.what());
}

}  // namespace

McpServerService::McpServerService(store::Database& database, McpSupervisor& supervisor,
                                   McpValueSealer& sealer, const plugins::SpawnRules* spawn_rules)
    : servers_(database), supervisor_(supervisor), sealer_(sealer), spawn_rules_(spawn_rules) {
  refresher_ = std::thread([this] { refreshLoop(); });
  supervisor_.onToolsChanged([this](const std::string& id) {
    {
      std::lock_guard lock(mutex_);
      stale_.push_back(id);
    }
    wakeup_.notify_one();
  });
}

McpServerService::~McpServerService() {
  supervisor_.onToolsChanged({});
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  refresher_.join();
}

void McpServerService::loadAll() {
  for (const store::McpServerRow& row : servers_.all()) {
    try {
      ensureDefined(row);
    } catch (const McpError& error) {
      observability::logWarning(kLogger, "MCP server definition not loaded",
                                {{"server", row.id}, {"error", error.what()}});
    }
  }
}

store::McpServerRow McpServerService::readable(const auth::Caller& caller, std::string_view id,
                                               bool write) {
  auto row = servers_.find(id);
  // Another workspace's server is answered like one that does not exist.
  if (!row || caller.membership(row->workspace_id) == nullptr) throw serverNotFound();
  auth::authorize(caller, row->workspace_id,
                  write ? auth::Action::ManageMcpServers : auth::Action::ViewMcpServers);
  return std::move(*row);
}

store::McpServerSettings McpServerService::settingsFrom(text::JsonView body,
                                                        const store::McpServerRow& current) {
  store::McpServerSettings settings = current.settings;
  if (body.has("name")) settings.name = body.getValue<std::string>("name");
  if (body.has("type") && body.getValue<std::string>("type") != settings.type) {
    // Another transport: what belonged to the old one goes.
    store::McpServerSettings fresh;
    fresh.name = settings.name;
    fresh.type = body.getValue<std::string>("type");
    settings = std::move(fresh);
  }
  settings.command = optionalString(body, "command", settings.command);
  settings.url = optionalString(body, "url", settings.url);
  if (body.has("args")) {
    settings.args.clear();
    const text::JsonView args = body.get("args");
    for (std::size_t i = 0; i < args.size(); ++i)
      settings.args.push_back(args.getElement<std::string>(i));
  }
  checkDefinition(settings, body);
  // Sealed last: a refused body writes nothing, not even the workspace's data key.
  if (body.has("env")) {
    const text::JsonView env = body.get("env");
    settings.sealed_env = env.isObject() ? sealedMap(sealer_, current, "env", env) : "{}";
  }
  if (body.has("headers")) {
    const text::JsonView headers = body.get("headers");
    settings.sealed_headers =
        headers.isObject() ? sealedMap(sealer_, current, "header", headers) : "{}";
  }
  return settings;
}

void McpServerService::checkDefinition(const store::McpServerSettings& settings,
                                       text::JsonView body) const {
  const auto refuse = [](const char* field, std::string message) {
    return ApiError::validation({"body", field}, std::move(message), "value_error");
  };
  const auto given = [body](const char* field) { return !body.isNull(field); };
  if (isStdio(settings)) {
    if (!settings.command) throw refuse("command", "A stdio server needs a command");
    if (settings.url) throw refuse("url", "url is for http and sse servers");
    if (given("headers")) throw refuse("headers", "headers are for http and sse servers");
    if (spawn_rules_ == nullptr) throw refuse("command", "This host cannot start processes");
    plugins::SpawnRequest request;
    request.command = *settings.command;
    request.args = settings.args;
    const auto planned = spawn_rules_->plan(request);
    if (const auto* refusal = std::get_if<plugins::SpawnRefusal>(&planned)) {
      throw refuse("command", "Refused by the operator's spawn rules: " + refusal->message);
    }
    return;
  }
  if (!settings.url) throw refuse("url", "An " + settings.type + " server needs a url");
  const std::string& url = *settings.url;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw refuse("url", "url must be an http:// or https:// URL");
  }
  if (settings.command) throw refuse("command", "command is for stdio servers");
  if (!settings.args.empty()) throw refuse("args", "args are for stdio servers");
  if (given("env")) throw refuse("env", "env is for stdio servers");
}

McpServerDefinition McpServerService::definitionOf(const store::McpServerRow& row) {
  const store::McpServerSettings& settings = row.settings;
  McpServerDefinition definition;
  definition.id = row.id;
  text::JsonWriter json;
  try {
    json.beginObject();
    if (isStdio(settings)) {
      definition.transport_id = "mcp.stdio";
      json.field("command", settings.command.value_or("")).key("args").beginArray();
      for (const std::string& arg : settings.args)
        json.value(arg);
      json.endArray().key("env");
      writeOpened(json, sealer_, row, "env", settings.sealed_env);
    } else {
      definition.transport_id = "mcp.http";
      json.field("url", settings.url.value_or(""))
          .field("protocol", settings.type == "sse" ? "sse" : "streamable-http")
          .key("headers");
      writeOpened(json, sealer_, row, "header", settings.sealed_headers);
    }
    json.endObject();
  } catch (const std::exception& error) {
    throw McpError(McpFailure::Unavailable,
                   std::string("its sealed values cannot be opened: ") + error.what());
  }
  definition.config_json = std::move(json).finish();
  return definition;
}

void McpServerService::ensureDefined(const store::McpServerRow& row) {
  std::lock_guard lock(mutex_);
  const auto found = defined_.find(row.id);
  if (found != defined_.end() && found->second == row.updated_at) return;
  supervisor_.define(definitionOf(row));
  defined_[row.id] = row.updated_at;
}

McpServerView McpServerService::viewOf(store::McpServerRow row) const {
  McpServerView view;
  view.env_names = namesOf(row.settings.sealed_env);
  view.header_names = namesOf(row.settings.sealed_headers);
  bool defined = false;
  {
    std::lock_guard lock(mutex_);
    defined = defined_.count(row.id) != 0;
  }
  if (defined) {
    try {
      view.live = supervisor_.status(row.id);
    } catch (const McpError&) {
      // Removed meanwhile: the stored status stands.
    }
  }
  view.row = std::move(row);
  return view;
}

McpServerView McpServerService::create(const auth::Caller& caller,
                                       const std::optional<std::string>& workspace_id,
                                       text::JsonView body) {
  const std::string workspace = auth::requestedOrPersonalWorkspace(caller, workspace_id);
  auth::authorize(caller, workspace, auth::Action::ManageMcpServers);
  store::McpServerRow row;
  row.workspace_id = store::canonicalUuid(workspace).value_or(workspace);
  row.id = store::newUuid();
  row.user_id = caller.userId();
  row.settings.type = body.getValue<std::string>("type");
  row.settings = settingsFrom(body, row);
  store::McpServerRow created = servers_.create(row);
  try {
    ensureDefined(created);
  } catch (const McpError& error) {
    observability::logWarning(kLogger, "MCP server defined but not usable",
                              {{"server", created.id}, {"error", error.what()}});
  }
  return viewOf(std::move(created));
}

McpServerViewPage McpServerService::list(const auth::Caller& caller,
                                         const std::optional<std::string>& workspace_id,
                                         std::int64_t limit, std::int64_t offset) {
  std::vector<std::string> workspaces;
  if (workspace_id) {
    auth::authorize(caller, *workspace_id, auth::Action::ViewMcpServers);
    workspaces.push_back(store::canonicalUuid(*workspace_id).value_or(*workspace_id));
  } else {
    workspaces = auth::readableWorkspaceIds(caller);
  }
  store::McpServerPage page = servers_.list(workspaces, limit, offset);
  McpServerViewPage views;
  views.total = page.total;
  for (auto& row : page.rows)
    views.views.push_back(viewOf(std::move(row)));
  return views;
}

McpServerView McpServerService::get(const auth::Caller& caller, std::string_view id) {
  return viewOf(readable(caller, id, false));
}

McpServerView McpServerService::update(const auth::Caller& caller, std::string_view id,
                                       text::JsonView body) {
  const store::McpServerRow current = readable(caller, id, true);
  if (!servers_.update(current.id, settingsFrom(body, current))) throw serverNotFound();
  auto updated = servers_.find(current.id);
  if (!updated) throw serverNotFound();
  try {
    ensureDefined(*updated);  // closes the old definition's session
  } catch (const McpError& error) {
    observability::logWarning(kLogger, "MCP server changed but not usable",
                              {{"server", updated->id}, {"error", error.what()}});
  }
  return viewOf(std::move(*updated));
}

std::string McpServerService::remove(const auth::Caller& caller, std::string_view id) {
  const store::McpServerRow row = readable(caller, id, true);
  {
    std::lock_guard lock(mutex_);
    defined_.erase(row.id);
  }
  supervisor_.remove(row.id);  // ends its process, if any
  if (!servers_.remove(row.id)) throw serverNotFound();
  return row.workspace_id;
}

McpServerView McpServerService::connect(const auth::Caller& caller, std::string_view id) {
  const store::McpServerRow row = readable(caller, id, true);
  try {
    ensureDefined(row);
    const McpServerStatus status = supervisor_.connect(row.id);
    servers_.recordStatus(row.id, "connected", std::nullopt, true, capabilitiesOf(status));
  } catch (const McpError& error) {
    servers_.recordStatus(row.id, "error", std::string(error.what()), false, std::nullopt);
    throw ApiError(502,
                   "Cannot connect to MCP server '" + row.settings.name + "': " + error.what());
  }
  return viewOf(*servers_.find(row.id));
}

McpServerView McpServerService::disconnect(const auth::Caller& caller, std::string_view id) {
  const store::McpServerRow row = readable(caller, id, true);
  bool defined = false;
  {
    std::lock_guard lock(mutex_);
    defined = defined_.count(row.id) != 0;
  }
  if (defined) supervisor_.disconnect(row.id);
  servers_.recordStatus(row.id, "disconnected", std::nullopt, false, std::nullopt);
  return viewOf(*servers_.find(row.id));
}

std::string McpServerService::listAndRecord(const std::string& id, bool refresh) {
  std::string tools = supervisor_.tools(id, refresh);
  servers_.recordTools(id, tools);
  return tools;
}

std::string McpServerService::tools(const auth::Caller& caller, std::string_view id, bool refresh) {
  const store::McpServerRow row = readable(caller, id, refresh);
  const McpServerView view = viewOf(row);
  const bool connected = view.live && view.live->state == McpServerState::Connected;
  if (!connected && !refresh) {
    if (row.tools_json) return *row.tools_json;
    // Never listed: a manager's look starts it to learn its tools; others see none yet.
    if (!auth::mayPerform(caller, row.workspace_id, auth::Action::ManageMcpServers)) return "[]";
  }
  try {
    ensureDefined(row);
    return listAndRecord(row.id, refresh);
  } catch (const McpError& error) {
    throw ApiError(
        502, "Cannot list the tools of MCP server '" + row.settings.name + "': " + error.what());
  }
}

std::optional<std::string> McpServerService::cachedInputSchema(const std::string& workspace_id,
                                                               const std::string& server_id,
                                                               const std::string& tool_name) {
  const auto row = servers_.find(server_id);
  if (!row || row->workspace_id != store::canonicalUuid(workspace_id) || !row->tools_json) {
    return std::nullopt;
  }
  Poco::JSON::Parser parser;
  const auto tools = parser.parse(*row->tools_json).extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; tools && i < tools->size(); ++i) {
    const auto tool = tools->getObject(static_cast<unsigned>(i));
    if (tool && tool->optValue<std::string>("name", "") == tool_name && tool->has("inputSchema")) {
      return text::toJson(tool->get("inputSchema"));
    }
  }
  return std::nullopt;
}

std::optional<store::McpServerRow> McpServerService::definedInWorkspace(
    const std::string& workspace_id, const std::string& server_id) {
  auto row = servers_.find(server_id);
  if (!row || row->workspace_id != store::canonicalUuid(workspace_id)) return std::nullopt;
  ensureDefined(*row);
  return row;
}

plugins::McpGatewayAnswer McpServerService::callTool(const std::string& workspace_id,
                                                     const std::string& server_id,
                                                     const std::string& tool_name,
                                                     const std::string& arguments_json,
                                                     const std::function<bool()>& is_cancelled) {
  try {
    const auto row = definedInWorkspace(workspace_id, server_id);
    if (!row) return noServer(server_id);
    CallControl control;
    control.is_cancelled = is_cancelled;
    McpToolResult result = supervisor_.callTool(row->id, tool_name, arguments_json, control);
    return {ORC_OK, ORC_ERROR_CLASS_NONE, std::move(result.result_json)};
  } catch (const McpError& error) {
    return answerFor(error);
  } catch (const std::exception& error) {
    return failedAnswer(ORC_ERR_UNAVAILABLE, ORC_ERROR_CLASS_TRANSIENT, error.what());
  }
}

plugins::McpGatewayAnswer McpServerService::listTools(const std::string& workspace_id,
                                                      const std::string& server_id) {
  try {
    const auto row = definedInWorkspace(workspace_id, server_id);
    if (!row) return noServer(server_id);
    text::JsonWriter json;
    json.beginObject().key("tools").rawValue(listAndRecord(row->id, false)).endObject();
    return {ORC_OK, ORC_ERROR_CLASS_NONE, std::move(json).finish()};
  } catch (const McpError& error) {
    return answerFor(error);
  } catch (const std::exception& error) {
    return failedAnswer(ORC_ERR_UNAVAILABLE, ORC_ERROR_CLASS_TRANSIENT, error.what());
  }
}

void McpServerService::refreshLoop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wakeup_.wait(lock, [this] { return stopping_ || !stale_.empty(); });
    if (stopping_) return;
    const std::string id = stale_.front();
    stale_.pop_front();
    lock.unlock();
    try {
      // Only while it runs: a server that went away is not started again to list its tools.
      if (supervisor_.status(id).state == McpServerState::Connected) listAndRecord(id, false);
    } catch (const std::exception& error) {
      observability::logWarning(kLogger, "MCP server tools could not be listed again",
                                {{"server", id}, {"error", error.what()}});
    }
    lock.lock();
  }
}

}  // namespace orchestra::mcp
