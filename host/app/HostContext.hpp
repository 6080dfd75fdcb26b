// What the subsystems of one running host share: the validated configuration, the readiness
// checks, the metrics registry and the services each subsystem publishes for the later ones.
#pragma once

#include "host/app/Readiness.hpp"
#include "host/config/Config.hpp"
#include "host/observability/Metrics.hpp"

namespace orchestra::store {
class Database;
}
namespace orchestra::auth {
class AuthServices;
}
namespace orchestra::plugins {
class PluginRegistry;
}

namespace orchestra::app {

struct HostContext {
  config::Config config;
  Readiness readiness;
  observability::Metrics* metrics = nullptr;
  // Set by StoreSubsystem during its initialize(); valid until its uninitialize().
  store::Database* database = nullptr;
  // Set by AuthSubsystem during its initialize(); valid until its uninitialize().
  auth::AuthServices* auth = nullptr;
  // Set by PluginSubsystem during its initialize(); read-only afterwards.
  plugins::PluginRegistry* plugins = nullptr;
};

}  // namespace orchestra::app
