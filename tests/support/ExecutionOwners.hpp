// The rows an execution must point at (a user, their workspace, a workflow), inserted directly
// for runtime tests and benchmarks that write executions without going through the services.
#pragma once

#include <Poco/Data/Session.h>

#include <string>

#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::testing {

struct ExecutionOwners {
  std::string user_id;
  std::string workspace_id;
  std::string workflow_id;
};

// Header-only so benchmarks (which do not link the gtest support library) can use it too.
inline ExecutionOwners insertExecutionOwners(store::Database& database) {
  using namespace Poco::Data::Keywords;
  ExecutionOwners owners{store::newUuid(), store::newUuid(), store::newUuid()};
  std::string email = owners.user_id + "@example.com";
  database.withTransaction([&](Poco::Data::Session& session) {
    const store::Dialect& dialect = database.dialect();
    session << dialect.sql("INSERT INTO users (id, email) VALUES (?, ?)"), use(owners.user_id),
        use(email), now;
    session << dialect.sql("INSERT INTO workspaces (id, name, owner_id) VALUES (?, 'runs', ?)"),
        use(owners.workspace_id), use(owners.user_id), now;
    session << dialect.sql(
        "INSERT INTO workflows (id, workspace_id, user_id, name) VALUES (?, ?, ?, "
        "'flow')"),
        use(owners.workflow_id), use(owners.workspace_id), use(owners.user_id), now;
  });
  return owners;
}

}  // namespace orchestra::testing
