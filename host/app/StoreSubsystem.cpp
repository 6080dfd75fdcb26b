#include "host/app/StoreSubsystem.hpp"

#include "host/observability/Logger.hpp"
#include "host/store/MigrationRunner.hpp"

namespace orchestra::app {

StoreSubsystem::StoreSubsystem(HostContext& context) : context_(context) {}

StoreSubsystem::~StoreSubsystem() = default;

void StoreSubsystem::initialize(Poco::Util::Application&) {
  const config::DatabaseSettings& settings = context_.config.database;
  database_ = std::make_unique<store::Database>(settings);
  observability::logInfo(
      "store", "database opened",
      {{"url", database_->url().redacted()}, {"dialect", database_->dialect().name()}});

  store::MigrationRunner runner(*database_, settings.migrations_dir);
  if (settings.migrate_on_start) {
    const auto applied = runner.apply();
    for (const auto& file : applied) {
      observability::logInfo("store", "migration applied", {{"file", file.name}});
    }
  } else if (const auto pending = runner.pending(); !pending.empty()) {
    // Serving with an old schema is allowed (an operator migrates separately), but readiness
    // reports it so that no traffic is routed here until `orchestra migrate` ran.
    observability::logWarning("store", "migrations pending; run `orchestra migrate`",
                              {{"pending", static_cast<std::int64_t>(pending.size())}});
  }

  context_.database.publish(*database_);
  store::Database* database = database_.get();
  context_.readiness.add("database", [database] {
    std::string error;
    if (database->ping(&error)) return observability::CheckResult{true, {}};
    return observability::CheckResult{false, error.empty() ? "database unreachable" : error};
  });
  const std::string migrations_dir = settings.migrations_dir;
  context_.readiness.add("migrations", [database, migrations_dir] {
    store::MigrationRunner checker(*database, migrations_dir);
    if (checker.isUpToDate()) return observability::CheckResult{true, {}};
    return observability::CheckResult{false,
                                      "migrations pending or changed; run `orchestra migrate`"};
  });
}

void StoreSubsystem::uninitialize() {
  context_.database.withdraw();
  if (database_) {
    database_.reset();
    observability::logInfo("store", "database closed");
  }
}

}  // namespace orchestra::app
