#include "host/plugins/ExecutionSecrets.hpp"

namespace orchestra::plugins {

namespace {
thread_local ExecutionSecrets* current_secrets = nullptr;
}

ExecutionSecretsScope::ExecutionSecretsScope(ExecutionSecrets* secrets) noexcept
    : previous_(current_secrets) {
  current_secrets = secrets;
}

ExecutionSecretsScope::~ExecutionSecretsScope() {
  current_secrets = previous_;
}

ExecutionSecrets* currentExecutionSecrets() noexcept {
  return current_secrets;
}

}  // namespace orchestra::plugins
