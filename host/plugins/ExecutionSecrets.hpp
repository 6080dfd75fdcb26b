// The secrets of the execution whose node runs on this thread. The ABI's host_secret has no
// execution argument, so the runtime installs the execution's secrets around each node call
// and host_secret reads them here: a plugin only ever sees its execution's workspace.
#pragma once

#include <optional>
#include <string>

namespace orchestra::plugins {

class ExecutionSecrets {
 public:
  virtual ~ExecutionSecrets() = default;
  // The secret's plain text; nullopt when the workspace has none of that name. Throws a
  // std::exception (message naming the secret, never a value) when it cannot be read.
  // Every value revealed is remembered, so the runtime can redact it. THREAD: any.
  virtual std::optional<std::string> reveal(const std::string& name) = 0;
  // Replaces in `text` every value revealed so far: what a node run on behalf of another
  // (host_run_node) hands back passes here. One that remembers nothing redacts nothing.
  // THREAD: any.
  virtual void redact(std::string& /*text*/) const {}
};

// Installs `secrets` for the calling thread until destroyed (then the previous ones return).
class ExecutionSecretsScope {
 public:
  explicit ExecutionSecretsScope(ExecutionSecrets* secrets) noexcept;
  ~ExecutionSecretsScope();
  ExecutionSecretsScope(const ExecutionSecretsScope&) = delete;
  ExecutionSecretsScope& operator=(const ExecutionSecretsScope&) = delete;

 private:
  ExecutionSecrets* previous_;
};

// Null outside a node's execution (plugin init, instance creation): no secrets there.
ExecutionSecrets* currentExecutionSecrets() noexcept;

}  // namespace orchestra::plugins
