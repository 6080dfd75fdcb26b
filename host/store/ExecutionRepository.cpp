#include "host/store/ExecutionRepository.hpp"

#include "host/store/PocoExecutionRepository.hpp"
#include "host/store/SqliteExecutionRepository.hpp"

namespace orchestra::store {

std::unique_ptr<ExecutionRepository> ExecutionRepository::create(const Dialect& dialect,
                                                                 Poco::Data::Session& session) {
  if (dialect.kind() == DialectKind::Sqlite) {
    return std::make_unique<SqliteExecutionRepository>(session);
  }
  return std::make_unique<PocoExecutionRepository>(dialect, session);
}

}  // namespace orchestra::store
