#include "host/store/McpServerRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/RowSelect.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

std::string columns(const Dialect& dialect) {
  return "m.id, m.workspace_id, m.user_id, m.name, m.type, m.command, " +
         dialect.arrayAsJson("m.args") + ", m.url, " + dialect.jsonAsText("m.env") + ", " +
         dialect.jsonAsText("m.headers") + ", " + dialect.jsonAsText("m.tools") + ", " +
         dialect.jsonAsText("m.capabilities") +
         ", m.status, m.status_error, m.last_connected_at, m.last_seen_at, m.created_at, "
         "m.updated_at";
}

struct McpServerColumns {
  std::string id, workspace_id, user_id, name, type;
  Nullable<std::string> command, args, url, env, headers, tools, capabilities, status;
  Nullable<std::string> status_error, last_connected_at, last_seen_at, created_at, updated_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(workspace_id), into(user_id), into(name), into(type), into(command),
        into(args), into(url), into(env), into(headers), into(tools), into(capabilities),
        into(status), into(status_error), into(last_connected_at), into(last_seen_at),
        into(created_at), into(updated_at);
  }

  McpServerRow row() const {
    McpServerRow row;
    row.id = id;
    row.workspace_id = workspace_id;
    row.user_id = user_id;
    row.settings.name = name;
    row.settings.type = type;
    row.settings.command = toOptional(command);
    row.settings.args = stringsFromJsonArray(args.isNull() ? "[]" : args.value());
    row.settings.url = toOptional(url);
    row.settings.sealed_env = env.isNull() ? "{}" : env.value();
    row.settings.sealed_headers = headers.isNull() ? "{}" : headers.value();
    row.tools_json = toOptional(tools);
    row.capabilities_json = capabilities.isNull() ? "{}" : capabilities.value();
    row.status = status.isNull() ? "disconnected" : status.value();
    row.status_error = toOptional(status_error);
    row.last_connected_at = toOptionalTimestamp(last_connected_at);
    row.last_seen_at = toOptionalTimestamp(last_seen_at);
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.updated_at = toOptionalTimestamp(updated_at).value_or("");
    return row;
  }
};

// The parameters every write of settings binds, in the order of settingColumns().
struct SettingParameters {
  std::string name, type;
  Nullable<std::string> command;
  std::string args;
  Nullable<std::string> url;
  std::string env, headers;

  SettingParameters(const Dialect& dialect, const McpServerSettings& settings)
      : name(settings.name),
        type(settings.type),
        command(toNullable(settings.command)),
        args(arrayParameterValue(dialect, settings.args)),
        url(toNullable(settings.url)),
        env(settings.sealed_env),
        headers(settings.sealed_headers) {}

  void bindInto(Statement& statement) {
    statement, use(name), use(type), use(command), use(args), use(url), use(env), use(headers);
  }
};

std::string settingAssignments(const Dialect& dialect) {
  const std::string json(dialect.jsonParameter());
  return "name = ?, type = ?, command = ?, args = " + dialect.arrayParameter("TEXT") +
         ", url = ?, env = " + json + ", headers = " + json;
}

std::string settingValues(const Dialect& dialect) {
  const std::string json(dialect.jsonParameter());
  return "?, ?, ?, " + dialect.arrayParameter("TEXT") + ", ?, " + json + ", " + json;
}

}  // namespace

McpServerRow McpServerRepository::create(const McpServerRow& server) {
  const Dialect& dialect = database_.dialect();
  std::string id = server.id;
  std::string workspace_id = server.workspace_id;
  std::string user_id = server.user_id;
  SettingParameters settings(dialect, server.settings);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO mcp_servers (id, workspace_id, user_id, name, type, command, args, url, env, "
      "headers) VALUES (?, ?, ?, " +
      settingValues(dialect) + ")"),
      use(id), use(workspace_id), use(user_id);
  settings.bindInto(statement);
  translatingErrors(dialect, "cannot create MCP server", [&] { return statement.execute(); });
  auto created = find(id);
  if (!created) throw StoreError("cannot create MCP server: the new row is not readable");
  return *created;
}

std::vector<McpServerRow> McpServerRepository::select(const std::string& where,
                                                      std::vector<std::string>& parameters,
                                                      std::string_view suffix) {
  Session session = database_.session();
  return selectRows<McpServerColumns>(database_.dialect(), session,
                                      "SELECT " + columns(database_.dialect()) +
                                          " FROM mcp_servers m " + where + std::string(suffix),
                                      parameters, "cannot read MCP servers");
}

std::optional<McpServerRow> McpServerRepository::find(std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  std::vector<std::string> parameters{*canonical};
  auto rows = select("WHERE m.id = ?", parameters, "");
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

McpServerPage McpServerRepository::list(const std::vector<std::string>& workspace_ids,
                                        std::int64_t limit, std::int64_t offset) {
  McpServerPage page;
  if (workspace_ids.empty()) return page;
  std::vector<std::string> parameters = workspace_ids;
  std::string where = "WHERE m.workspace_id IN (";
  for (std::size_t i = 0; i < workspace_ids.size(); ++i)
    where += i == 0 ? "?" : ", ?";
  where += ")";
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Poco::Int64 total = 0;
  Statement count(session);
  count << dialect.sql("SELECT COUNT(*) FROM mcp_servers m " + where);
  for (auto& parameter : parameters)
    count, use(parameter);
  count, into(total);
  translatingErrors(dialect, "cannot count MCP servers", [&] { return count.execute(); });
  page.total = total;
  if (total <= offset) return page;
  page.rows = select(where, parameters,
                     " ORDER BY m.created_at, m.id LIMIT " + std::to_string(limit) + " OFFSET " +
                         std::to_string(offset));
  return page;
}

std::vector<McpServerRow> McpServerRepository::all() {
  std::vector<std::string> none;
  return select("", none, " ORDER BY m.created_at, m.id");
}

bool McpServerRepository::update(std::string_view id, const McpServerSettings& settings) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  SettingParameters parameters(dialect, settings);
  Session session = database_.session();
  Statement statement(session);
  // A new definition invalidates what the old one learned.
  statement << dialect.sql("UPDATE mcp_servers SET " + settingAssignments(dialect) +
                           ", tools = NULL, status = 'disconnected', status_error = NULL, "
                           "updated_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ?");
  parameters.bindInto(statement);
  statement, use(*canonical);
  return translatingErrors(dialect, "cannot update MCP server",
                           [&] { return statement.execute(); }) > 0;
}

bool McpServerRepository::remove(std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("DELETE FROM mcp_servers WHERE id = ?"), use(*canonical);
  return translatingErrors(dialect, "cannot delete MCP server",
                           [&] { return statement.execute(); }) > 0;
}

void McpServerRepository::recordStatus(std::string_view id, std::string_view status,
                                       const std::optional<std::string>& error, bool connected,
                                       const std::optional<std::string>& capabilities_json) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return;
  const Dialect& dialect = database_.dialect();
  const std::string now(dialect.nowExpression());
  std::string status_text(status);
  Nullable<std::string> error_text = toNullable(error);
  std::string capabilities = capabilities_json.value_or("{}");
  std::string sql = "UPDATE mcp_servers SET status = ?, status_error = ?";
  if (connected) sql += ", last_connected_at = " + now + ", last_seen_at = " + now;
  if (capabilities_json) sql += ", capabilities = " + std::string(dialect.jsonParameter());
  sql += " WHERE id = ?";
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(sql), use(status_text), use(error_text);
  if (capabilities_json) statement, use(capabilities);
  statement, use(*canonical);
  translatingErrors(dialect, "cannot record MCP server status",
                    [&] { return statement.execute(); });
}

void McpServerRepository::recordTools(std::string_view id, const std::string& tools_json) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return;
  const Dialect& dialect = database_.dialect();
  std::string tools = tools_json;
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "UPDATE mcp_servers SET tools = " + std::string(dialect.jsonParameter()) +
      ", last_seen_at = " + std::string(dialect.nowExpression()) + " WHERE id = ?"),
      use(tools), use(*canonical);
  translatingErrors(dialect, "cannot record MCP server tools", [&] { return statement.execute(); });
}

}  // namespace orchestra::store
