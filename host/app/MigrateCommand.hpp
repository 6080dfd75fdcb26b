// `orchestra migrate`: applies pending migrations for the configured database and reports what
// it did, for operators who migrate before rolling out (database.migrate_on_start: false).
#pragma once

#include "host/config/Config.hpp"

namespace orchestra::app {

// Returns the process exit status: 0 when the schema is current afterwards.
int runMigrateCommand(const config::Config& config);

}  // namespace orchestra::app
