#include "host/store/WorkflowHeadRepository.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::store {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::use;

namespace {

// The whole row (WorkflowRepository::find) carries the graph: for a 100-node workflow that was
// most of a webhook call's reading, on every call.
constexpr const char* kFindHead =
    "SELECT id, workspace_id, user_id, status, version FROM workflows WHERE id = ?";

}  // namespace

std::optional<WorkflowHead> WorkflowHeadRepository::find(std::string_view id) {
  auto canonical = canonicalUuid(id);
  if (!canonical) return std::nullopt;
  Poco::Data::Session session = database_.session();
  WorkflowHead head;
  Poco::Int64 version = 0;
  if (auto* statements = database_.sqliteStatements()) {
    auto query = statements->query(session, kFindHead, "cannot read workflow");
    query.bind(*canonical);
    if (!query.next()) return std::nullopt;
    query >> head.id >> head.workspace_id >> head.user_id >> head.status >> version;
  } else {
    const std::string sql = database_.dialect().sql(kFindHead);
    std::size_t rows = 0;
    translatingErrors(database_.dialect(), "cannot read workflow", [&] {
      Poco::Data::Statement statement(session);
      statement << sql, use(*canonical), into(head.id), into(head.workspace_id), into(head.user_id),
          into(head.status), into(version);
      rows = statement.execute();
    });
    if (rows == 0) return std::nullopt;
  }
  head.version = version;
  return head;
}

}  // namespace orchestra::store
