#include "host/app/MigrateCommand.hpp"

#include <iostream>

#include "host/store/Database.hpp"
#include "host/store/MigrationRunner.hpp"

namespace orchestra::app {

namespace {
constexpr int kExitSoftware = 70;  // EX_SOFTWARE
}

int runMigrateCommand(const config::Config& config) {
  try {
    store::Database database(config.database);
    store::MigrationRunner runner(database, config.database.migrations_dir);
    const auto applied = runner.apply();
    for (const auto& file : applied)
      std::cout << "applied " << file.name << '\n';
    std::cout << (applied.empty() ? "database schema is up to date" : "migrations complete") << " ("
              << database.url().redacted() << ")\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "orchestra: migrate failed: " << error.what() << '\n';
    return kExitSoftware;
  }
}

}  // namespace orchestra::app
