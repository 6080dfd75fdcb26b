#include "host/store/ActivityRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Nullable;
using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

namespace {

// PostgreSQL keeps the address as INET, whose text form would carry a "/32".
std::string addressColumn(const Dialect& dialect) {
  return dialect.kind() == DialectKind::Postgres ? "host(ip_address)" : "ip_address";
}

}  // namespace

void ActivityRepository::insert(const ActivityRow& row) {
  database_.withTransaction([&](Session& session) { insert(session, row); });
}

void ActivityRepository::insert(Session& session, const ActivityRow& row) {
  const Dialect& dialect = database_.dialect();
  std::string id = newUuid();
  Nullable<std::string> workspace_id = toNullable(row.workspace_id);
  std::string user_id = row.user_id;
  std::string action = row.action;
  Nullable<std::string> resource_type = toNullable(row.resource_type);
  // The column is a UUID: a resource known by name (a secret) keeps its name in details.
  Nullable<std::string> resource_id =
      toNullable(row.resource_id ? canonicalUuid(*row.resource_id) : std::nullopt);
  std::string details = row.details;
  Nullable<std::string> ip_address = toNullable(row.ip_address);
  Nullable<std::string> user_agent = toNullable(row.user_agent);
  translatingErrors(dialect, "cannot record activity", [&] {
    session << dialect.sql(
        "INSERT INTO activity_logs (id, workspace_id, user_id, action, "
        "resource_type, resource_id, details, ip_address, user_agent, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, " +
        std::string(dialect.jsonParameter()) + ", ?, ?, " + std::string(dialect.nowExpression()) +
        ")"),
        use(id), use(workspace_id), use(user_id), use(action), use(resource_type), use(resource_id),
        use(details), use(ip_address), use(user_agent), now;
  });
}

ActivityPage ActivityRepository::list(const ActivityQuery& query) {
  ActivityPage page;
  if (query.workspace_ids.empty() && !query.account_user_id) return page;
  std::vector<std::string> parameters = query.workspace_ids;
  std::string where = "WHERE (";
  if (!query.workspace_ids.empty()) {
    where += "workspace_id IN (";
    for (std::size_t i = 0; i < query.workspace_ids.size(); ++i)
      where += i == 0 ? "?" : ", ?";
    where += ")";
  }
  if (query.account_user_id) {
    if (!query.workspace_ids.empty()) where += " OR ";
    where += "(workspace_id IS NULL AND user_id = ?)";
    parameters.push_back(*query.account_user_id);
  }
  where += ")";
  const auto filter = [&](const std::optional<std::string>& value, const char* condition) {
    if (!value) return;
    where += condition;
    parameters.push_back(*value);
  };
  filter(query.user_id, " AND user_id = ?");
  filter(query.action, " AND action = ?");
  filter(query.resource_type, " AND resource_type = ?");
  filter(query.resource_id, " AND resource_id = ?");
  filter(query.created_after, " AND created_at > ?");
  filter(query.created_before, " AND created_at < ?");

  const Dialect& dialect = database_.dialect();
  Session session = database_.session();
  Poco::Int64 total = 0;
  Statement count(session);
  count << dialect.sql("SELECT COUNT(*) FROM activity_logs " + where);
  for (auto& parameter : parameters)
    count, use(parameter);
  count, into(total);
  translatingErrors(dialect, "cannot count activity", [&] { return count.execute(); });
  page.total = total;
  if (total <= query.offset) return page;

  ActivityRow row;
  Nullable<std::string> workspace_id;
  Nullable<std::string> resource_type;
  Nullable<std::string> resource_id;
  Nullable<std::string> details;
  Nullable<std::string> ip_address;
  Nullable<std::string> user_agent;
  Nullable<std::string> created_at;
  Statement statement(session);
  statement << dialect.sql(
      "SELECT id, workspace_id, user_id, action, resource_type, resource_id, " +
      dialect.jsonAsText("details") + ", " + addressColumn(dialect) +
      ", user_agent, created_at FROM activity_logs " + where +
      " ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(query.limit) + " OFFSET " +
      std::to_string(query.offset));
  for (auto& parameter : parameters)
    statement, use(parameter);
  statement, into(row.id), into(workspace_id), into(row.user_id), into(row.action),
      into(resource_type), into(resource_id), into(details), into(ip_address), into(user_agent),
      into(created_at), range(0, 1);
  translatingErrors(dialect, "cannot list activity", [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      row.workspace_id = toOptional(workspace_id);
      row.resource_type = toOptional(resource_type);
      row.resource_id = toOptional(resource_id);
      row.details = details.isNull() ? std::string("{}") : details.value();
      row.ip_address = toOptional(ip_address);
      row.user_agent = toOptional(user_agent);
      row.created_at = toOptionalTimestamp(created_at).value_or("");
      page.rows.push_back(row);
    }
  });
  return page;
}

}  // namespace orchestra::store
