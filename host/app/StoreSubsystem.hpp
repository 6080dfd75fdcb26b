// Opens the database pool for database.url, applies pending migrations when
// database.migrate_on_start is set, and registers the database and migrations readiness checks.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/store/Database.hpp"

namespace orchestra::app {

class StoreSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit StoreSubsystem(HostContext& context);
  ~StoreSubsystem() override;

  const char* name() const override { return "store"; }

 protected:
  void initialize(Poco::Util::Application& app) override;
  void uninitialize() override;

 private:
  HostContext& context_;
  std::unique_ptr<store::Database> database_;
};

}  // namespace orchestra::app
