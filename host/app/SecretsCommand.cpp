#include "host/app/SecretsCommand.hpp"

#include <iostream>

#include "host/config/ConfigError.hpp"
#include "host/secrets/MasterKeyRotation.hpp"
#include "host/store/Database.hpp"

namespace orchestra::app {

namespace {
constexpr int kExitSoftware = 70;  // EX_SOFTWARE
constexpr int kExitConfig = 78;    // EX_CONFIG
}  // namespace

int runRotateMasterKeyCommand(const config::Config& config) {
  const std::string& variable = config.secrets.master_key_env;
  const std::string new_variable = variable + "_NEW";
  std::optional<secrets::MasterKey> current;
  std::optional<secrets::MasterKey> next;
  try {
    current = secrets::MasterKey::fromEnvironment(variable);
    next = secrets::MasterKey::fromEnvironment(new_variable);
  } catch (const config::ConfigError& error) {
    std::cerr << "orchestra: " << error.what() << '\n';
    return kExitConfig;
  }
  if (!current || !next) {
    std::cerr << "orchestra: rotate-master-key needs the current master key in " << variable
              << " and the new one in " << new_variable << '\n';
    return kExitConfig;
  }
  if (current->id() == next->id()) {
    std::cerr << "orchestra: " << new_variable << " holds the same key as " << variable << '\n';
    return kExitConfig;
  }
  try {
    store::Database database(config.database);
    const auto result = secrets::rotateMasterKey(database, *current, *next);
    std::cout << "re-wrapped " << result.rewrapped << " workspace key(s) from master key "
              << current->id() << " to " << next->id();
    if (result.already_new > 0) std::cout << " (" << result.already_new << " had it already)";
    std::cout << "; start the host with the new key in " << variable << '\n';
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "orchestra: rotate-master-key failed, nothing changed: " << error.what() << '\n';
    return kExitSoftware;
  }
}

}  // namespace orchestra::app
