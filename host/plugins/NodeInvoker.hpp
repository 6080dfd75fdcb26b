// Runs one node type through the C ABI the way the runtime will: creates an instance from a
// config validated against the type's schema, executes it with an execution context, and turns
// whatever the plugin answers (ports, errors, garbage) into a NodeOutcome. Never throws for
// plugin misbehaviour.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/plugins/ConfigCompletion.hpp"
#include "host/plugins/ExtensionRegistry.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/schema/ValidationResult.hpp"

namespace orchestra::plugins {

enum class ErrorClass { None, Transient, Permanent, Validation };
std::string_view errorClassName(ErrorClass error_class);

struct NodeOutcome {
  bool ok = false;
  orc_status status = ORC_OK;
  ErrorClass error_class = ErrorClass::None;
  std::string error_message;
  // A transient failure's "not before" in ms from now (the provider's Retry-After); 0 = none.
  std::int64_t retry_after_ms = 0;
  std::vector<std::pair<std::string, std::string>> ports;  // emitted port → JSON text
  // The same values as parsed JSON, index by index: the runtime reads them in expressions
  // without parsing the text again.
  std::vector<Poco::Dynamic::Var> port_values;
};

struct NodeRun {
  std::string input_json = "{}";  // {"main": ...}
  std::string config_json;        // resolved config for this run; empty = the instance's
  std::string execution_id;
  std::string node_id;
  // The execution's workspace: the MCP servers its nodes may call, and with the workflow and
  // user, whom the node's AI calls charge (the ledger) and which budgets bound them.
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  std::string idempotency_key;
  std::uint32_t attempt = 1;
  std::int64_t item_index = -1;
  std::int64_t deadline_unix_ms = 0;
  int nesting_depth = 0;  // > 0: run by another node through host_run_node
  std::function<bool()> is_cancelled;
  std::function<void(std::string_view event_json)> on_progress;
};

// How many node calls (NodeInstance::execute) are inside a plugin right now, in this process:
// a stopping host checks it before it shuts its plugins down.
std::int64_t nodeCallsInFlight() noexcept;

class NodeInstance {
 public:
  // Validates `config_json` against the type's schema (issues in `invalid_config`), then calls
  // on_create. Check ok() before executing. With TemplatedValues::Defer, {{ template }} strings
  // pass the schema (each run then sends the resolved config, checked by the caller).
  NodeInstance(const RegisteredExtension<orc_node_type_vtable>& type,
               const std::string& config_json, TemplatedValues templated = TemplatedValues::Refuse);
  ~NodeInstance();
  NodeInstance(const NodeInstance&) = delete;
  NodeInstance& operator=(const NodeInstance&) = delete;

  bool ok() const { return instance_ != nullptr; }
  // Why creation failed: schema issues, or the plugin's own refusal.
  const NodeOutcome& creationFailure() const { return creation_failure_; }

  NodeOutcome execute(const NodeRun& run) const;

 private:
  const RegisteredExtension<orc_node_type_vtable>& type_;
  std::string config_json_;
  orc_instance* instance_ = nullptr;
  NodeOutcome creation_failure_;
};

}  // namespace orchestra::plugins
