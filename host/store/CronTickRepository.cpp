#include "host/store/CronTickRepository.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::store {

using Poco::Data::Session;
using Poco::Data::Statement;
using namespace Poco::Data::Keywords;

std::optional<std::string> CronTickRepository::lastTick(std::string_view workflow_id,
                                                        std::string_view node_id) {
  const Dialect& dialect = database_.dialect();
  std::string workflow(workflow_id);
  std::string node(node_id);
  return translatingErrors(dialect, "cannot read the last cron tick", [&] {
    Session session = database_.session();
    Poco::Nullable<std::string> last;
    Statement statement(session);
    statement << dialect.sql(
        "SELECT MAX(tick_at) FROM cron_ticks WHERE workflow_id = ? AND node_id = ?"),
        useRef(workflow), useRef(node), into(last);
    statement.execute();
    return last.isNull() ? std::nullopt : std::optional(normalizeTimestamp(last.value()));
  });
}

std::size_t CronTickRepository::prune(const std::string& before) {
  const Dialect& dialect = database_.dialect();
  return translatingErrors(dialect, "cannot prune cron ticks", [&] {
    Session session = database_.session();
    Statement statement(session);
    statement << dialect.sql(
        "DELETE FROM cron_ticks WHERE tick_at < ? AND tick_at < (SELECT "
        "MAX(latest.tick_at) FROM cron_ticks latest WHERE latest.workflow_id = "
        "cron_ticks.workflow_id AND latest.node_id = cron_ticks.node_id)"),
        useRef(before);
    return statement.execute();
  });
}

}  // namespace orchestra::store
