#include "host/store/AgentRepository.hpp"

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

// PostgreSQL's DECIMAL comes back as a double; JSON and the UUID[] of sub-agents as JSON text.
std::string columns(const Dialect& dialect) {
  const bool postgres = dialect.kind() == DialectKind::Postgres;
  return std::string(
             "a.id, a.workspace_id, a.workflow_id, a.user_id, a.node_id, a.type, a.name, "
             "a.system_prompt, a.model, ") +
         (postgres ? "a.temperature::float8" : "a.temperature") + ", a.max_tokens, " +
         dialect.jsonAsText("a.tools") + ", " + dialect.jsonAsText("a.permissions") + ", " +
         dialect.jsonAsText("a.memory_config") + ", " + dialect.arrayAsJson("a.sub_agents") + ", " +
         dialect.jsonAsText("a.metadata") + ", a.created_at, a.updated_at";
}

std::string orEmpty(const Nullable<std::string>& value, const char* fallback) {
  return value.isNull() ? fallback : value.value();
}

struct AgentColumns {
  std::string id, workspace_id, workflow_id, user_id, node_id, type, name;
  Nullable<std::string> system_prompt, model;
  Nullable<double> temperature;
  Nullable<Poco::Int64> max_tokens;
  Nullable<std::string> tools, permissions, memory_config, sub_agents, metadata;
  Nullable<std::string> created_at, updated_at;

  void bindInto(Statement& statement) {
    statement, into(id), into(workspace_id), into(workflow_id), into(user_id), into(node_id),
        into(type), into(name), into(system_prompt), into(model), into(temperature),
        into(max_tokens), into(tools), into(permissions), into(memory_config), into(sub_agents),
        into(metadata), into(created_at), into(updated_at);
  }

  AgentRow row() const {
    AgentRow row;
    row.id = id;
    row.workspace_id = workspace_id;
    row.workflow_id = workflow_id;
    row.user_id = user_id;
    row.node_id = node_id;
    row.type = type;
    row.created_at = toOptionalTimestamp(created_at).value_or("");
    row.updated_at = toOptionalTimestamp(updated_at).value_or("");
    row.settings.name = name;
    row.settings.system_prompt = toOptional(system_prompt);
    row.settings.model = toOptional(model);
    if (!temperature.isNull()) row.settings.temperature = temperature.value();
    if (!max_tokens.isNull()) row.settings.max_tokens = max_tokens.value();
    row.settings.tools = orEmpty(tools, "[]");
    row.settings.permissions = orEmpty(permissions, "{}");
    row.settings.memory_config = orEmpty(memory_config, "{}");
    row.settings.sub_agents = stringsFromJsonArray(orEmpty(sub_agents, "[]"));
    row.settings.metadata = orEmpty(metadata, "{}");
    return row;
  }
};

// The parameters every write binds, in the order of kSettingColumns.
struct SettingParameters {
  std::string name;
  Nullable<std::string> system_prompt, model;
  Nullable<double> temperature;
  Nullable<Poco::Int64> max_tokens;
  std::string tools, permissions, memory_config, sub_agents, metadata;

  SettingParameters(const Database& database, const AgentSettings& settings)
      : name(settings.name),
        system_prompt(toNullable(settings.system_prompt)),
        model(toNullable(settings.model)),
        tools(settings.tools),
        permissions(settings.permissions),
        memory_config(settings.memory_config),
        sub_agents(arrayParameterValue(database.dialect(), settings.sub_agents)),
        metadata(settings.metadata) {
    if (settings.temperature) temperature = *settings.temperature;
    if (settings.max_tokens) max_tokens = static_cast<Poco::Int64>(*settings.max_tokens);
  }

  void bindInto(Statement& statement) {
    statement, use(name), use(system_prompt), use(model), use(temperature), use(max_tokens),
        use(tools), use(permissions), use(memory_config), use(sub_agents), use(metadata);
  }
};

// "name = ?, ..., metadata = <json placeholder>", or the VALUES list of the same columns.
std::string settingAssignments(const Dialect& dialect) {
  const std::string json(dialect.jsonParameter());
  return "name = ?, system_prompt = ?, model = ?, temperature = ?, max_tokens = ?, tools = " +
         json + ", permissions = " + json + ", memory_config = " + json +
         ", sub_agents = " + dialect.arrayParameter("UUID") + ", metadata = " + json;
}

std::string settingValues(const Dialect& dialect) {
  const std::string json(dialect.jsonParameter());
  return "?, ?, ?, ?, ?, " + json + ", " + json + ", " + json + ", " +
         dialect.arrayParameter("UUID") + ", " + json;
}

}  // namespace

AgentRow AgentRepository::create(const AgentRow& agent) {
  const Dialect& dialect = database_.dialect();
  std::string id = newUuid();
  std::string workspace_id = agent.workspace_id;
  std::string workflow_id = agent.workflow_id;
  std::string user_id = agent.user_id;
  std::string node_id = agent.node_id;
  std::string type = agent.type;
  SettingParameters settings(database_, agent.settings);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql(
      "INSERT INTO agents (id, workspace_id, workflow_id, user_id, node_id, "
      "type, name, system_prompt, model, temperature, max_tokens, tools, "
      "permissions, memory_config, sub_agents, metadata) VALUES (?, ?, ?, ?, "
      "?, ?, " +
      settingValues(dialect) + ")"),
      use(id), use(workspace_id), use(workflow_id), use(user_id), use(node_id), use(type);
  settings.bindInto(statement);
  translatingErrors(dialect, "cannot create agent", [&] { return statement.execute(); });
  auto created = find(id);
  if (!created) throw StoreError("cannot create agent: the new row is not readable");
  return *created;
}

std::vector<AgentRow> AgentRepository::select(Session& session, const std::string& where,
                                              std::vector<std::string>& parameters,
                                              std::string_view suffix) {
  return selectRows<AgentColumns>(
      database_.dialect(), session,
      "SELECT " + columns(database_.dialect()) + " FROM agents a " + where + std::string(suffix),
      parameters, "cannot read agents");
}

std::optional<AgentRow> AgentRepository::find(std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  std::vector<std::string> parameters{*canonical};
  Session session = database_.session();
  auto rows = select(session, "WHERE a.id = ?", parameters, "");
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::optional<AgentRow> AgentRepository::findForNode(std::string_view workflow_id,
                                                     std::string_view node_id) {
  auto canonical = canonicalUuid(workflow_id);
  if (!canonical) return std::nullopt;
  std::vector<std::string> parameters{*canonical, std::string(node_id)};
  Session session = database_.session();
  auto rows = select(session, "WHERE a.workflow_id = ? AND a.node_id = ?", parameters, "");
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

AgentPage AgentRepository::list(const std::vector<std::string>& workspace_ids,
                                const std::optional<std::string>& workflow_id, std::int64_t limit,
                                std::int64_t offset) {
  AgentPage page;
  if (workspace_ids.empty()) return page;
  std::vector<std::string> parameters = workspace_ids;
  std::string where = "WHERE a.workspace_id IN (";
  for (std::size_t i = 0; i < workspace_ids.size(); ++i)
    where += i == 0 ? "?" : ", ?";
  where += ")";
  if (workflow_id) {
    auto canonical = canonicalUuid(*workflow_id);
    if (!canonical) return page;
    where += " AND a.workflow_id = ?";
    parameters.push_back(*canonical);
  }
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Poco::Int64 total = 0;
  Statement count(session);
  count << dialect.sql("SELECT COUNT(*) FROM agents a " + where);
  for (auto& parameter : parameters)
    count, use(parameter);
  count, into(total);
  translatingErrors(dialect, "cannot count agents", [&] { return count.execute(); });
  page.total = total;
  if (total <= offset) return page;
  page.rows = select(session, where, parameters,
                     " ORDER BY a.created_at, a.id LIMIT " + std::to_string(limit) + " OFFSET " +
                         std::to_string(offset));
  return page;
}

bool AgentRepository::update(std::string_view id, const AgentSettings& settings) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  SettingParameters parameters(database_, settings);
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("UPDATE agents SET " + settingAssignments(dialect) + ", updated_at = " +
                           std::string(dialect.nowExpression()) + " WHERE id = ?");
  parameters.bindInto(statement);
  statement, use(*canonical);
  return translatingErrors(dialect, "cannot update agent", [&] { return statement.execute(); }) > 0;
}

bool AgentRepository::remove(std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return false;
  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Statement statement(session);
  statement << dialect.sql("DELETE FROM agents WHERE id = ?"), use(*canonical);
  return translatingErrors(dialect, "cannot delete agent", [&] { return statement.execute(); }) > 0;
}

void AgentRepository::removeOrphans(Session& session, std::string_view workflow_id,
                                    const std::vector<std::string>& node_ids) {
  auto canonical = canonicalUuid(workflow_id);
  if (!canonical) return;
  const Dialect& dialect = database_.dialect();
  std::vector<std::string> parameters{*canonical};
  std::string sql = "DELETE FROM agents WHERE workflow_id = ?";
  if (!node_ids.empty()) {
    sql += " AND node_id NOT IN (";
    for (std::size_t i = 0; i < node_ids.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      parameters.push_back(node_ids[i]);
    }
    sql += ")";
  }
  Statement statement(session);
  statement << dialect.sql(sql);
  for (auto& parameter : parameters)
    statement, use(parameter);
  translatingErrors(dialect, "cannot remove orphaned agents", [&] { return statement.execute(); });
}

}  // namespace orchestra::store
