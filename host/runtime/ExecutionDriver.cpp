#include "host/runtime/ExecutionDriver.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "host/runtime/ExecutionSecretValues.hpp"
#include "host/runtime/RetryDelay.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::runtime {

namespace {

using Clock = std::chrono::steady_clock;
using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

enum class StepStatus { NotStarted, Running, Completed, Failed, Skipped, Cancelled };

bool isFinished(StepStatus status) {
  return status != StepStatus::NotStarted && status != StepStatus::Running;
}

struct PortValue {
  std::string port;
  std::string json;
  Var value;
};

// One node in one scope (one loop pass).
struct Step {
  StepStatus status = StepStatus::NotStarted;
  std::string row_id;
  int attempts = 0;  // attempts started, the interrupted one of an earlier run included
  std::vector<PortValue> ports;
  std::string input_json;
  std::string start_time;
  Clock::time_point started{};
  Clock::time_point deadline{};    // of the running attempt
  Clock::time_point not_before{};  // a retry waits until then
  std::uint64_t generation = 0;    // a late answer of an abandoned attempt is ignored
  std::optional<Var> result;       // {"output": ..., "ports": {...}}, built when referenced
};

enum class ScopeEnd { Completed, Failed, Cancelled, TimedOut, Interrupted };

struct Scope {
  const Scope* parent = nullptr;
  std::string key;  // "" at the top, "3", "3/1"
  std::size_t loop = kNoLoop;
  const std::vector<std::size_t>* members = nullptr;
  std::vector<char> is_member;
  std::optional<PortValue> entry;  // what the loop node sends into this pass
  const Var* item = nullptr;
  std::int64_t item_index = -1;
  std::vector<Step> steps;
  std::string failure;  // the first error that stopped this scope
};

struct Completion {
  std::size_t node = 0;
  std::uint64_t generation = 0;
  plugins::NodeOutcome outcome;
};

struct CompletionQueue {
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<Completion> completions;
};

std::string stepKey(const std::string& node_id, const std::string& scope) {
  std::string key = node_id;
  key += '\x1f';
  key += scope;
  return key;
}

std::string childScopeKey(const std::string& parent, std::size_t index, const char* prefix) {
  std::string key = parent;
  if (!key.empty()) key += '/';
  key += prefix;
  key += std::to_string(index);
  return key;
}

Var parseOrNull(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(json);
  } catch (const Poco::Exception&) {
    return Var();
  }
}

std::int64_t millisecondsSince(const std::string& iso_start) {
  try {
    int zone = 0;
    const Poco::DateTime start =
        Poco::DateTimeParser::parse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, iso_start, zone);
    const Poco::Timestamp::TimeDiff micros = Poco::Timestamp() - start.timestamp();
    return std::max<std::int64_t>(0, micros / 1000);
  } catch (const Poco::Exception&) {
    return 0;
  }
}

plugins::NodeOutcome failure(plugins::ErrorClass error_class, std::string message) {
  plugins::NodeOutcome outcome;
  outcome.status = ORC_ERR_INTERNAL;
  outcome.error_class = error_class;
  outcome.error_message = std::move(message);
  return outcome;
}

std::string triggerTypeFor(const std::string& trigger_type) {
  if (trigger_type == "webhook") return "core.trigger.webhook";
  if (trigger_type == "cron") return "core.trigger.cron";
  if (trigger_type == "event" || trigger_type == "error") return "core.trigger.event";
  return "core.trigger.manual";
}

// An execution's status update applied to its row not yet written (see Flusher::flush).
void foldStatus(store::NewExecution& row, const store::ExecutionStatusUpdate& update) {
  row.status = update.status;
  if (update.start_time) row.start_time = update.start_time;
  // As the UPDATE does: these three are set from the update, whatever they held.
  row.end_time = update.end_time;
  row.duration_ms = update.duration_ms;
  row.error_message = update.error_message;
}

}  // namespace

// Collects the changes of one durable point and commits them as one unit; observers hear of
// them only after the commit.
class Flusher {
 public:
  explicit Flusher(ExecutionDriver::Impl& impl) : impl_(impl) {}
  void node(store::NodeExecutionState row, std::string detail_json);
  void log(std::string level, std::string node_id, std::string message);
  void status(store::ExecutionStatusUpdate row, std::string detail_json);
  // False when the state could not be written: the run must stop (it stays queued).
  bool flush();
  bool empty() const { return changes_.empty(); }

 private:
  ExecutionDriver::Impl& impl_;
  std::vector<StateChange> changes_;
  std::vector<std::string> details_;  // by change
};

struct ExecutionDriver::Impl {
  DriverServices& services;
  std::shared_ptr<const CompiledWorkflow> workflow;
  store::QueuedExecution execution;
  std::map<std::string, store::StoredNodeState> stored;
  std::shared_ptr<std::atomic<bool>> cancelled;
  const std::atomic<bool>& host_stopping;

  Var trigger_value;
  Var execution_value;
  std::string selected_trigger_type;
  Clock::time_point deadline;
  std::atomic<std::size_t> data_bytes{0};
  std::atomic<bool> write_failed{false};
  std::atomic<bool> timed_out{false};
  std::optional<store::NewExecution> unwritten;  // see writeWithFirstCommit
  // Set while `unwritten` waits for the first commit. The passes of a foreach flush from
  // several threads: the first takes the row, the others wait for its commit (their node rows
  // need the execution's row to exist).
  std::atomic<bool> row_unwritten{false};
  std::mutex first_commit_mutex;
  mutable std::mutex result_mutex;
  // Shared with node calls still running on the node threads after the driver gave up on them.
  std::shared_ptr<ExecutionSecretValues> secret_values;

  Impl(DriverServices& services_, std::shared_ptr<const CompiledWorkflow> workflow_,
       store::QueuedExecution execution_, std::vector<store::StoredNodeState> stored_states,
       std::shared_ptr<std::atomic<bool>> cancelled_, const std::atomic<bool>& stopping)
      : services(services_),
        workflow(std::move(workflow_)),
        execution(std::move(execution_)),
        cancelled(std::move(cancelled_)),
        host_stopping(stopping),
        secret_values(
            std::make_shared<ExecutionSecretValues>(services.secrets, execution.workspace_id)) {
    for (auto& state : stored_states) {
      const std::string key = stepKey(state.node_id, state.scope);
      stored.emplace(key, std::move(state));
    }
  }

  bool shouldStop() const {
    return cancelled->load(std::memory_order_relaxed) ||
           host_stopping.load(std::memory_order_relaxed) ||
           write_failed.load(std::memory_order_relaxed) || Clock::now() >= deadline;
  }

  void initScope(Scope& scope) {
    const auto& nodes = workflow->nodes;
    scope.is_member.assign(nodes.size(), 0);
    scope.steps.resize(nodes.size());
    for (const std::size_t n : *scope.members) {
      scope.is_member[n] = 1;
      Step& step = scope.steps[n];
      const auto found = stored.find(stepKey(nodes[n].id, scope.key));
      if (found == stored.end()) {
        step.row_id = store::newTimeOrderedUuid();
        continue;
      }
      const store::StoredNodeState& state = found->second;
      step.row_id = state.id;
      step.attempts = state.retry_count + (state.status == "pending" ? 0 : 1);
      // A retry's backoff outlives the host that started it: resumed here, it is waited out.
      if (state.status == "pending" && state.retry_at) {
        if (const auto wait = store::millisecondsUntil(*state.retry_at); wait && *wait > 0) {
          step.not_before = Clock::now() + std::chrono::milliseconds(*wait);
        }
      }
      if (state.status == "completed") {
        step.status = StepStatus::Completed;
        step.input_json = state.input_json.value_or("{}");
        const Var ports = parseOrNull(state.output_json.value_or("{}"));
        if (ports.type() == typeid(Object::Ptr)) {
          const auto& object = ports.extract<Object::Ptr>();
          for (const auto& [port, value] : *object)
            step.ports.push_back({port, text::toJson(value), value});
        }
      } else if (state.status == "skipped") {
        step.status = StepStatus::Skipped;
      }
    }
  }

  // The step of `node` as seen from `scope`: its own, or the nearest enclosing scope's.
  const Step* findStep(const Scope& scope, std::size_t node) const {
    for (const Scope* s = &scope; s != nullptr; s = s->parent) {
      if (s->is_member[node]) return &s->steps[node];
    }
    return nullptr;
  }

  // True when `edge` leads from inside the body of its target loop back to it (closing a pass).
  bool isBackEdge(const CompiledEdge& edge) const {
    const auto& nodes = workflow->nodes;
    if (nodes[edge.target].loop == LoopKind::None) return false;
    for (std::size_t owner = nodes[edge.source].owner_loop; owner != kNoLoop;
         owner = nodes[owner].owner_loop) {
      if (owner == edge.target) return true;
    }
    return false;
  }

  enum class Readiness { Wait, Skip, Ready };

  Readiness readiness(const Scope& scope, std::size_t n, std::string& input_json) const {
    const CompiledNode& node = workflow->nodes[n];
    if (node.in_edges.empty()) {
      if (!node.is_trigger) {
        input_json = "{}";
        return Readiness::Ready;
      }
      if (!triggerSelected(node)) return Readiness::Skip;
      input_json = "{\"main\":" + execution.trigger_data_json + "}";
      return Readiness::Ready;
    }
    bool any_active = false;
    std::vector<std::pair<const std::string*, const std::string*>> inputs;  // port, json
    for (const std::size_t e : node.in_edges) {
      const CompiledEdge& edge = workflow->edges[e];
      if (isBackEdge(edge)) continue;
      if (edge.source == scope.loop) {
        if (scope.entry && edge.source_port == scope.entry->port) {
          any_active = true;
          inputs.emplace_back(&edge.target_port, &scope.entry->json);
        }
        continue;
      }
      const Step* source = findStep(scope, edge.source);
      if (source == nullptr) continue;  // outside every enclosing scope: never feeds this pass
      if (!isFinished(source->status)) return Readiness::Wait;
      if (source->status != StepStatus::Completed) continue;
      for (const PortValue& port : source->ports) {
        if (port.port == edge.source_port) {
          any_active = true;
          inputs.emplace_back(&edge.target_port, &port.json);
          break;
        }
      }
    }
    if (!any_active) return Readiness::Skip;
    text::JsonWriter writer;
    writer.beginObject();
    std::vector<const std::string*> written;
    for (const auto& input : inputs) {
      const std::string& port = *input.first;
      // Two active edges into one port (branches that meet without a merge): the first wins.
      if (std::find_if(written.begin(), written.end(), [&port](const std::string* seen) {
            return *seen == port;
          }) != written.end()) {
        continue;
      }
      written.push_back(&port);
      writer.key(port).rawValue(*input.second);
    }
    writer.endObject();
    input_json = std::move(writer).finish();
    return Readiness::Ready;
  }

  bool triggerSelected(const CompiledNode& node) const {
    // The trigger of the execution's kind; a workflow without one (a test run of a webhook
    // workflow started by hand) starts from all of its triggers.
    bool any_of_kind = false;
    for (const CompiledNode& candidate : workflow->nodes) {
      if (candidate.is_trigger && candidate.type_id == selected_trigger_type) any_of_kind = true;
    }
    return !any_of_kind || node.type_id == selected_trigger_type;
  }

  const Var* nodeResult(const Scope& scope, const std::string& node_id) const {
    const auto index = workflow->indexOf(node_id);
    if (!index) return nullptr;
    const Step* step = findStep(scope, *index);
    if (step == nullptr || step->status != StepStatus::Completed) return nullptr;
    // Item passes of a foreach read enclosing steps from several threads at once.
    std::lock_guard lock(result_mutex);
    if (!step->result) {
      Object::Ptr ports = new Object;
      for (const PortValue& port : step->ports)
        ports->set(port.port, port.value);
      Object::Ptr result = new Object;
      result->set("output", step->ports.empty() ? Var() : step->ports.front().value);
      result->set("ports", ports);
      // Built once, by the thread that owns the scope or while its owner waits: see runScope.
      const_cast<Step*>(step)->result = Var(result);
    }
    return &*step->result;
  }

  // The node's config for this run: its templates evaluated and the result checked against
  // the type's schema. Empty text means "the instance's own config".
  std::optional<std::string> resolveConfig(const Scope& scope, std::size_t n, std::string& problem,
                                           const Var* item = nullptr) const {
    const CompiledNode& node = workflow->nodes[n];
    if (!node.templated_config) return std::string();
    EvaluationContext context;
    context.trigger = &trigger_value;
    context.execution = &execution_value;
    context.workflow = &workflow->workflow_value;
    context.item = item;
    for (const Scope* s = &scope; s != nullptr && context.item == nullptr; s = s->parent)
      context.item = s->item;
    context.node_result = [&](const std::string& id) { return nodeResult(scope, id); };
    context.environment = services.environment;
    context.allowed_environment = services.allowed_environment;
    if (secret_values->available()) {
      context.resolve_secret = [this](const std::string& name) {
        return secret_values->reveal(name);
      };
    }
    if (node.config_checked_once) {
      // Checked when the graph was compiled (defaults filled there too): only the text to send.
      std::string json;
      std::optional<ConfigEvaluationError> error;
      try {
        error = node.templated_config->evaluateJson(context, json);
      } catch (const std::exception& failure) {  // a secret that exists but cannot be read
        problem = "config field: " + std::string(failure.what());
        return std::nullopt;
      }
      if (error) {
        problem = "config field '" + error->pointer + "': " + error->error.describe();
        return std::nullopt;
      }
      return json;
    }
    ConfigValue value;
    try {
      value = node.templated_config->evaluate(context);
    } catch (const std::exception& error) {  // a secret that exists but cannot be read
      problem = "config field: " + std::string(error.what());
      return std::nullopt;
    }
    if (!value.ok()) {
      problem = "config field '" + value.error->pointer + "': " + value.error->error.describe();
      return std::nullopt;
    }
    if (const auto& schema = node.type->info.config_schema) {
      const auto result = schema->validate(schema->applyDefaults(value.value));
      if (!result.valid()) {
        const auto& issue = result.issues().front();
        problem = "config field '" +
                  (issue.instance_path.empty() ? std::string("/") : issue.instance_path) +
                  "' after evaluating its expressions: " + issue.message;
        return std::nullopt;
      }
    }
    return text::toJson(value.value);
  }

  plugins::NodeRun makeRun(const Scope& scope, std::size_t n, const Step& step,
                           std::string config_json) const {
    const CompiledNode& node = workflow->nodes[n];
    plugins::NodeRun run;
    run.input_json = step.input_json;
    run.config_json = std::move(config_json);
    run.execution_id = execution.id;
    run.node_id = node.id;
    run.workflow_id = execution.workflow_id;
    run.workspace_id = execution.workspace_id;
    run.user_id = execution.user_id;
    // The same key for every attempt of this step: a plugin deduplicates its side effect by it.
    run.idempotency_key = execution.id + ":" + node.id;
    if (!scope.key.empty()) run.idempotency_key += "#" + scope.key;
    run.attempt = static_cast<std::uint32_t>(step.attempts);
    run.item_index = scope.item_index;
    const auto wall_deadline = std::chrono::system_clock::now() + node.timeout;
    run.deadline_unix_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(wall_deadline.time_since_epoch())
            .count();
    // A stopping host also stops the node (NodeThreads::stopSignal), after the driver gave up
    // on it, so that nothing runs inside a plugin the host is about to unload.
    run.is_cancelled = [cancelled = cancelled, stopping = services.node_threads.stopSignal()] {
      return cancelled->load(std::memory_order_relaxed) ||
             stopping->load(std::memory_order_relaxed);
    };
    // Progress is for live watchers only (host_exec_emit_progress checked it is a JSON
    // object), redacted like everything published.
    // Captures only what outlives the driver: a timed-out node may still be streaming.
    run.on_progress = [secrets = secret_values, observer = &services.observer,
                       execution_id = execution.id,
                       node_id = node.id](std::string_view event_json) {
      std::string event(event_json);
      secrets->redact(event);
      observer->nodeProgress(execution_id, node_id, event);
    };
    return run;
  }

  // Runs a node on this thread with the execution's secrets readable through host_secret.
  plugins::NodeOutcome executeNode(const CompiledNode& node, const plugins::NodeRun& run) const {
    const plugins::ExecutionSecretsScope secrets_scope(secret_values.get());
    return node.instance->execute(run);
  }

  // Everything persisted or published for the execution passes here: no secret value leaves.
  void redact(StateChange& change, std::string& detail_json) const {
    const ExecutionSecretValues& secrets = *secret_values;
    secrets.redact(detail_json);
    if (auto* node = std::get_if<store::NodeExecutionState>(&change)) {
      secrets.redact(node->input_json);
      secrets.redact(node->output_json);
      secrets.redact(node->error_message);
    } else if (auto* update = std::get_if<store::ExecutionStatusUpdate>(&change)) {
      secrets.redact(update->error_message);
    } else if (auto* entry = std::get_if<store::ExecutionLogEntry>(&change)) {
      secrets.redact(entry->message);
    }
  }

  store::NodeExecutionState row(const Scope& scope, std::size_t n, const Step& step,
                                std::string status) const {
    store::NodeExecutionState row;
    row.id = step.row_id;
    row.execution_id = execution.id;
    row.node_id = workflow->nodes[n].id;
    row.scope = scope.key;
    row.status = std::move(status);
    row.retry_count = std::max(0, step.attempts - 1);
    return row;
  }

  void finishStep(Scope& scope, std::size_t n, Step& step, plugins::NodeOutcome outcome,
                  Flusher& flusher);
  bool runLoopBody(Scope& scope, std::size_t n, Step& step, plugins::NodeOutcome& outcome);
  bool runForEach(Scope& scope, std::size_t n, Step& step, plugins::NodeOutcome& outcome);
  bool runWhile(Scope& scope, std::size_t n, Step& step, plugins::NodeOutcome& outcome);
  ScopeEnd runScope(Scope& scope, Flusher& flusher);
  std::string sinkOutput(const Scope& scope) const;
  void cancelRemaining(Scope& scope, Flusher& flusher, const std::string& status);
};

void Flusher::node(store::NodeExecutionState row, std::string detail_json) {
  changes_.emplace_back(std::move(row));
  details_.push_back(std::move(detail_json));
}

void Flusher::log(std::string level, std::string node_id, std::string message) {
  store::ExecutionLogEntry entry;
  entry.execution_id = impl_.execution.id;
  entry.level = std::move(level);
  if (!node_id.empty()) entry.node_id = std::move(node_id);
  entry.message = std::move(message);
  changes_.emplace_back(std::move(entry));
  details_.emplace_back();
}

void Flusher::status(store::ExecutionStatusUpdate row, std::string detail_json) {
  changes_.emplace_back(std::move(row));
  details_.push_back(std::move(detail_json));
}

bool Flusher::flush() {
  if (changes_.empty()) return !impl_.write_failed.load();
  std::unique_lock first_commit(impl_.first_commit_mutex, std::defer_lock);
  if (impl_.row_unwritten.load()) first_commit.lock();
  for (std::size_t i = 0; i < changes_.size(); ++i)
    impl_.redact(changes_[i], details_[i]);
  // The execution's row, left to this first commit, goes in as this commit leaves it: its
  // status updates (running; where it ended, when it ran to its end before any commit) are
  // folded into the row instead of updating it in the same transaction. The same state once
  // committed, in fewer statements and pages: no queue entry is written (and deleted again)
  // for an execution that already ended.
  std::vector<StateChange> unit;
  std::vector<char> folded(changes_.size(), 0);
  store::ExecutionStatusUpdate unfolded;  // the row's own status, back if the commit fails
  if (impl_.unwritten) {
    store::NewExecution& row = *impl_.unwritten;
    unfolded.status = row.status;
    unfolded.start_time = row.start_time;
    unfolded.end_time = row.end_time;
    unfolded.duration_ms = row.duration_ms;
    unfolded.error_message = row.error_message;
    for (std::size_t i = 0; i < changes_.size(); ++i) {
      const auto* update = std::get_if<store::ExecutionStatusUpdate>(&changes_[i]);
      if (update == nullptr || update->execution_id != row.id) continue;
      foldStatus(row, *update);
      folded[i] = 1;
    }
    unit.reserve(changes_.size() + 1);
    unit.emplace_back(std::move(row));
    impl_.unwritten.reset();
  }
  // Moved, not copied (node outputs can be large); put back for the observers below.
  for (std::size_t i = 0; i < changes_.size(); ++i) {
    if (!folded[i]) unit.push_back(std::move(changes_[i]));
  }
  const auto error = impl_.services.writer.submit(unit);
  if (error) {
    if (auto* row = std::get_if<store::NewExecution>(&unit.front())) {
      foldStatus(*row, unfolded);
      impl_.unwritten = std::move(*row);  // still not written: the caller learns it
    }
    impl_.write_failed.store(true);
    std::string message = std::string("cannot persist the execution's state: ") + error->what();
    impl_.secret_values->redact(message);
    impl_.services.observer.log(impl_.execution, "error", "", message);
    changes_.clear();
    details_.clear();
    return false;
  }
  // Only now: a flusher that saw the flag waited for this commit before submitting its own.
  if (first_commit.owns_lock() && !impl_.unwritten) {
    impl_.row_unwritten.store(false);
    first_commit.unlock();
  }
  std::size_t next =
      unit.empty() || !std::holds_alternative<store::NewExecution>(unit.front()) ? 0 : 1;
  for (std::size_t i = 0; i < changes_.size(); ++i) {
    if (!folded[i]) changes_[i] = std::move(unit[next++]);
  }
  ExecutionObserver& observer = impl_.services.observer;
  for (std::size_t i = 0; i < changes_.size(); ++i) {
    if (const auto* node = std::get_if<store::NodeExecutionState>(&changes_[i])) {
      const std::string status =
          node->status == "pending" && node->error_message ? "retrying" : node->status;
      observer.nodeChanged(impl_.execution, node->node_id, node->scope, status, details_[i]);
    } else if (const auto* update = std::get_if<store::ExecutionStatusUpdate>(&changes_[i])) {
      observer.executionChanged(impl_.execution, update->status, details_[i]);
    } else if (const auto* entry = std::get_if<store::ExecutionLogEntry>(&changes_[i])) {
      observer.log(impl_.execution, entry->level, entry->node_id.value_or(""), entry->message);
    }
  }
  changes_.clear();
  details_.clear();
  return true;
}

std::string ExecutionDriver::Impl::sinkOutput(const Scope& scope) const {
  std::vector<std::size_t> sinks;
  for (const std::size_t n : *scope.members) {
    if (scope.steps[n].status != StepStatus::Completed) continue;
    bool feeds_scope = false;
    for (const std::size_t e : workflow->nodes[n].out_edges) {
      const CompiledEdge& edge = workflow->edges[e];
      if (scope.is_member[edge.target] && !isBackEdge(edge)) feeds_scope = true;
    }
    if (!feeds_scope && !workflow->nodes[n].is_trigger) sinks.push_back(n);
  }
  const auto outputOf = [&](std::size_t n) -> const std::string& {
    static const std::string kNull = "null";
    const auto& ports = scope.steps[n].ports;
    return ports.empty() ? kNull : ports.front().json;
  };
  if (sinks.empty()) return "null";
  if (sinks.size() == 1) return outputOf(sinks.front());
  text::JsonWriter writer;
  writer.beginObject();
  for (const std::size_t n : sinks)
    writer.key(workflow->nodes[n].id).rawValue(outputOf(n));
  writer.endObject();
  return std::move(writer).finish();
}

bool ExecutionDriver::Impl::runForEach(Scope& scope, std::size_t n, Step& step,
                                       plugins::NodeOutcome& outcome) {
  const CompiledNode& node = workflow->nodes[n];
  Array::Ptr items;
  Var done_value;
  for (std::size_t i = 0; i < outcome.ports.size(); ++i) {
    if (outcome.ports[i].first == "items" && outcome.port_values[i].type() == typeid(Array::Ptr)) {
      items = outcome.port_values[i].extract<Array::Ptr>();
    }
    if (outcome.ports[i].first == "done") done_value = outcome.port_values[i];
  }
  if (items.isNull()) return true;  // emitted no list: nothing to iterate
  if (items->size() > services.settings.max_foreach_items) {
    outcome = failure(plugins::ErrorClass::Validation,
                      "foreach: " + std::to_string(items->size()) +
                          " items exceed runtime.max_foreach_items (" +
                          std::to_string(services.settings.max_foreach_items) + ")");
    return false;
  }
  const std::size_t count = items->size();
  std::vector<Var> item_values(count);
  std::vector<std::string> results(count, "null");
  std::vector<std::string> failures(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  for (std::size_t i = 0; i < count; ++i)
    item_values[i] = items->get(static_cast<unsigned>(i));

  const auto work = [&] {
    for (std::size_t i = next++; i < count && !failed.load() && !shouldStop(); i = next++) {
      Scope pass;
      pass.parent = &scope;
      pass.key = childScopeKey(scope.key, i, "");
      pass.loop = n;
      pass.members = &node.body;
      pass.item = &item_values[i];
      pass.item_index = static_cast<std::int64_t>(i);
      pass.entry = PortValue{"items", text::toJson(item_values[i]), item_values[i]};
      initScope(pass);
      Flusher flusher(*this);
      const ScopeEnd end = runScope(pass, flusher);
      flusher.flush();
      if (end == ScopeEnd::Completed) {
        results[i] = sinkOutput(pass);
      } else {
        failures[i] = pass.failure.empty() ? std::string("interrupted") : pass.failure;
        failed.store(true);
      }
    }
  };
  const std::size_t workers = std::min<std::size_t>(
      count, static_cast<std::size_t>(std::max<std::int64_t>(1, node.foreach_concurrency)));
  if (workers <= 1) {
    work();
  } else {
    // Passes are independent: each has its own scope; the enclosing scope is only read while
    // they run (its thread is here, waiting for them).
    std::vector<std::thread> threads;
    threads.reserve(workers - 1);
    for (std::size_t t = 1; t < workers; ++t)
      threads.emplace_back(work);
    work();
    for (std::thread& thread : threads)
      thread.join();
  }
  if (failed.load() || shouldStop()) {
    for (std::size_t i = 0; i < count; ++i) {
      if (!failures[i].empty()) {
        outcome = failure(plugins::ErrorClass::Permanent,
                          "foreach item " + std::to_string(i) + ": " + failures[i]);
        return false;
      }
    }
    outcome = failure(plugins::ErrorClass::Permanent, "foreach interrupted");
    return false;
  }
  // "done" carries what the plugin said (count, truncated) and every pass's result, in order.
  text::JsonWriter done;
  done.beginObject();
  if (done_value.type() == typeid(Object::Ptr)) {
    for (const auto& [key, value] : *done_value.extract<Object::Ptr>()) {
      if (key != "results") done.field(key, value);
    }
  }
  done.key("results").beginArray();
  for (const std::string& result : results)
    done.rawValue(result);
  done.endArray().endObject();
  std::string done_json = std::move(done).finish();
  for (std::size_t i = 0; i < outcome.ports.size(); ++i) {
    if (outcome.ports[i].first == "done") {
      outcome.port_values[i] = parseOrNull(done_json);
      outcome.ports[i].second = std::move(done_json);
      break;
    }
  }
  (void)step;
  return true;
}

bool ExecutionDriver::Impl::runWhile(Scope& scope, std::size_t n, Step& step,
                                     plugins::NodeOutcome& outcome) {
  // core.loop: the node emits "body" while its condition holds; the body's result becomes its
  // next input; it ends by emitting "done". The host bounds the passes.
  const CompiledNode& node = workflow->nodes[n];
  for (std::size_t pass_index = 0;; ++pass_index) {
    const auto body = std::find_if(outcome.ports.begin(), outcome.ports.end(),
                                   [](const auto& port) { return port.first == "body"; });
    if (body == outcome.ports.end()) return true;  // "done" (or nothing): the loop ends
    if (pass_index >= services.settings.max_loop_iterations) {
      outcome = failure(plugins::ErrorClass::Validation,
                        "loop: more than runtime.max_loop_iterations (" +
                            std::to_string(services.settings.max_loop_iterations) + ") passes");
      return false;
    }
    const std::size_t body_index = static_cast<std::size_t>(body - outcome.ports.begin());
    Var item = outcome.port_values[body_index];
    Scope pass;
    pass.parent = &scope;
    pass.key = childScopeKey(scope.key, pass_index, "i");
    pass.loop = n;
    pass.members = &node.body;
    pass.item = &item;
    pass.item_index = static_cast<std::int64_t>(pass_index);
    pass.entry = PortValue{"body", body->second, item};
    initScope(pass);
    Flusher flusher(*this);
    const ScopeEnd end = runScope(pass, flusher);
    flusher.flush();
    if (end != ScopeEnd::Completed) {
      outcome = failure(plugins::ErrorClass::Permanent,
                        "loop pass " + std::to_string(pass_index) + ": " +
                            (pass.failure.empty() ? std::string("interrupted") : pass.failure));
      return false;
    }
    // The loop node again, on what the pass produced, with the pass number; its condition sees
    // that value as {{ item }} and the pass's nodes as {{ nodes.<id> }}.
    const std::string produced = sinkOutput(pass);
    const Var next_item = parseOrNull(produced);
    Step next = step;
    next.input_json =
        "{\"main\":" + produced + ",\"iteration\":" + std::to_string(pass_index + 1) + "}";
    std::string problem;
    auto config = resolveConfig(pass, n, problem, &next_item);
    if (!config) {
      outcome = failure(plugins::ErrorClass::Validation, problem);
      return false;
    }
    outcome = executeNode(node, makeRun(scope, n, next, std::move(*config)));
    if (!outcome.ok) return false;
  }
}

bool ExecutionDriver::Impl::runLoopBody(Scope& scope, std::size_t n, Step& step,
                                        plugins::NodeOutcome& outcome) {
  switch (workflow->nodes[n].loop) {
    case LoopKind::ForEach:
      return runForEach(scope, n, step, outcome);
    case LoopKind::While:
      return runWhile(scope, n, step, outcome);
    case LoopKind::None:
      break;
  }
  return true;
}

void ExecutionDriver::Impl::finishStep(Scope& scope, std::size_t n, Step& step,
                                       plugins::NodeOutcome outcome, Flusher& flusher) {
  const CompiledNode& node = workflow->nodes[n];
  if (outcome.ok && node.loop != LoopKind::None) runLoopBody(scope, n, step, outcome);
  const auto duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - step.started).count();
  if (outcome.ok) {
    std::size_t bytes = 0;
    for (const auto& [port, json] : outcome.ports)
      bytes += json.size();
    if (bytes > services.settings.max_node_output_bytes) {
      outcome = failure(plugins::ErrorClass::Permanent,
                        "output of " + std::to_string(bytes) +
                            " bytes exceeds runtime.max_node_output_bytes (" +
                            std::to_string(services.settings.max_node_output_bytes) + ")");
    } else if (data_bytes.fetch_add(bytes) + bytes > services.settings.max_execution_data_bytes) {
      outcome = failure(plugins::ErrorClass::Permanent,
                        "the execution's data exceeds runtime.max_execution_data_bytes (" +
                            std::to_string(services.settings.max_execution_data_bytes) + ")");
    }
  }
  if (!outcome.ok && cancelled->load()) {
    step.status = StepStatus::Cancelled;
    auto cancelled_row = row(scope, n, step, "cancelled");
    cancelled_row.end_time = store::utcNowTimestamp();
    cancelled_row.duration_ms = duration_ms;
    cancelled_row.error_message = "cancelled";
    flusher.node(std::move(cancelled_row), "{}");
    return;
  }
  if (!outcome.ok && outcome.error_class == plugins::ErrorClass::Transient &&
      step.attempts <= node.retry.max_retries && !shouldStop()) {
    const auto policy_delay = retryDelay(node.retry, step.attempts);
    const auto delay =
        honourRetryAfter(policy_delay, std::chrono::milliseconds(outcome.retry_after_ms));
    const bool provider_asked = delay > policy_delay;
    if (provider_asked && Clock::now() + delay >= deadline) {
      // Waiting as asked would outlast the execution: fail now, saying why (handled below).
      outcome = failure(plugins::ErrorClass::Permanent,
                        outcome.error_message + "; the provider asked to retry in " +
                            std::to_string(delay.count()) + " ms, past the execution's timeout");
    } else {
      step.status = StepStatus::NotStarted;
      step.not_before = Clock::now() + delay;
      auto waiting = row(scope, n, step, "pending");
      waiting.error_message = outcome.error_message;
      waiting.retry_at = store::utcTimestampFromNowMs(delay.count());
      flusher.node(std::move(waiting), "{\"retry_in_ms\":" + std::to_string(delay.count()) + "}");
      flusher.log("warning", node.id,
                  "attempt " + std::to_string(step.attempts) + " failed (" +
                      std::string(plugins::errorClassName(outcome.error_class)) + "): " +
                      outcome.error_message + "; retrying in " + std::to_string(delay.count()) +
                      " ms" + (provider_asked ? " as the provider asked" : ""));
      return;
    }
  }
  if (!outcome.ok && node.on_error == NodeErrorPolicy::ContinueOnErrorPort) {
    text::JsonWriter error;
    error.beginObject()
        .field("message", outcome.error_message)
        .field("error_class", plugins::errorClassName(outcome.error_class))
        .endObject();
    std::string error_json = std::move(error).finish();
    plugins::NodeOutcome continued;
    continued.ok = true;
    continued.port_values.push_back(parseOrNull(error_json));
    continued.ports.emplace_back("error", std::move(error_json));
    flusher.log("warning", node.id,
                "failed, continuing on its error port: " + outcome.error_message);
    outcome = std::move(continued);
  }
  auto finished = row(scope, n, step, outcome.ok ? "completed" : "failed");
  finished.end_time = store::utcNowTimestamp();
  finished.duration_ms = duration_ms;
  if (step.attempts <= 1 || node.runs_inline) {
    // A node that is not inline wrote its input with its "running" row already.
    finished.input_json = step.input_json;
    finished.start_time = step.start_time;
  }
  if (outcome.ok) {
    step.status = StepStatus::Completed;
    step.ports.clear();
    text::JsonWriter ports;
    ports.beginObject();
    for (std::size_t i = 0; i < outcome.ports.size(); ++i) {
      ports.key(outcome.ports[i].first).rawValue(outcome.ports[i].second);
      step.ports.push_back({outcome.ports[i].first, std::move(outcome.ports[i].second),
                            i < outcome.port_values.size() ? outcome.port_values[i] : Var()});
    }
    ports.endObject();
    finished.output_json = std::move(ports).finish();
    flusher.node(std::move(finished), "{\"duration_ms\":" + std::to_string(duration_ms) + "}");
  } else {
    step.status = StepStatus::Failed;
    finished.error_message = outcome.error_message;
    text::JsonWriter detail;
    detail.beginObject()
        .field("error", outcome.error_message)
        .field("error_class", plugins::errorClassName(outcome.error_class))
        .endObject();
    flusher.node(std::move(finished), std::move(detail).finish());
    flusher.log("error", node.id, outcome.error_message);
    if (scope.failure.empty()) scope.failure = "node '" + node.id + "': " + outcome.error_message;
  }
}

void ExecutionDriver::Impl::cancelRemaining(Scope& scope, Flusher& flusher,
                                            const std::string& status) {
  for (const std::size_t n : *scope.members) {
    Step& step = scope.steps[n];
    if (isFinished(step.status)) continue;
    if (step.status == StepStatus::NotStarted && step.attempts == 0) continue;  // never began
    if (step.status == StepStatus::Running) services.node_threads.abandoned();
    step.status = StepStatus::Cancelled;
    auto cancelled_row = row(scope, n, step, status);
    cancelled_row.end_time = store::utcNowTimestamp();
    cancelled_row.error_message = status == "cancelled" ? "cancelled" : scope.failure;
    flusher.node(std::move(cancelled_row), "{}");
  }
}

ScopeEnd ExecutionDriver::Impl::runScope(Scope& scope, Flusher& flusher) {
  const auto& nodes = workflow->nodes;
  auto queue = std::make_shared<CompletionQueue>();
  std::size_t running = 0;
  const bool commit_each = services.inline_commits == InlineCommits::Each;

  const auto processCompletion = [&](Completion& completion) {
    Step& step = scope.steps[completion.node];
    if (step.status != StepStatus::Running || step.generation != completion.generation) return;
    --running;
    finishStep(scope, completion.node, step, std::move(completion.outcome), flusher);
  };

  while (true) {
    if (write_failed.load()) break;
    const bool stop = shouldStop();
    bool progressed = false;
    Clock::time_point next_retry = Clock::time_point::max();
    for (const std::size_t n : *scope.members) {
      if (stop || !scope.failure.empty()) break;
      Step& step = scope.steps[n];
      if (step.status != StepStatus::NotStarted) continue;
      if (step.not_before > Clock::now()) {
        next_retry = std::min(next_retry, step.not_before);
        continue;
      }
      std::string input;
      const Readiness ready = readiness(scope, n, input);
      if (ready == Readiness::Wait) continue;
      progressed = true;
      if (ready == Readiness::Skip) {
        step.status = StepStatus::Skipped;
        flusher.node(row(scope, n, step, "skipped"), "{}");
        continue;
      }
      const CompiledNode& node = nodes[n];
      ++step.attempts;
      step.input_json = std::move(input);
      step.started = Clock::now();
      step.start_time = store::utcNowTimestamp();
      std::string problem;
      // A core.loop's condition sees the value entering the pass as {{ item }}.
      Var loop_item;
      if (node.loop == LoopKind::While) {
        const Var parsed_input = parseOrNull(step.input_json);
        if (parsed_input.type() == typeid(Object::Ptr)) {
          loop_item = parsed_input.extract<Object::Ptr>()->get("main");
        }
      }
      auto config =
          resolveConfig(scope, n, problem, node.loop == LoopKind::While ? &loop_item : nullptr);
      if (!config) {
        finishStep(scope, n, step, failure(plugins::ErrorClass::Validation, problem), flusher);
        continue;
      }
      plugins::NodeRun run = makeRun(scope, n, step, std::move(*config));
      if (node.runs_inline) {
        finishStep(scope, n, step, executeNode(node, run), flusher);
        if (commit_each && !flusher.flush()) break;
        continue;
      }
      // Durable before it starts: its attempt number survives a crash, so a resumed run
      // tells the plugin it is a retry (same idempotency key, next attempt).
      auto started = row(scope, n, step, "running");
      started.input_json = step.input_json;
      started.start_time = step.start_time;
      flusher.node(std::move(started), "{\"attempt\":" + std::to_string(step.attempts) + "}");
      if (!flusher.flush()) break;
      step.status = StepStatus::Running;
      step.deadline = step.started + node.timeout;
      const std::uint64_t generation = ++step.generation;
      ++running;
      services.node_threads.post([queue, n, generation, run = std::move(run),
                                  instance = node.instance, secrets = secret_values] {
        const plugins::ExecutionSecretsScope secrets_scope(secrets.get());
        Completion completion{n, generation, instance->execute(run)};
        std::lock_guard lock(queue->mutex);
        queue->completions.push_back(std::move(completion));
        queue->arrived.notify_one();
      });
    }
    if (progressed && !stop) continue;
    // Nothing left to start or wait for: the caller commits what is pending together with the
    // scope's end (the execution's final status), one commit instead of two.
    if (running == 0 &&
        (stop || !scope.failure.empty() || next_retry == Clock::time_point::max())) {
      break;
    }
    if (!flusher.flush()) break;  // a durable point: everything so far, before waiting
    // Wait for an answer, a retry's time, a deadline, or (every 100 ms) a cancel or stop.
    Clock::time_point wake = std::min(next_retry, Clock::now() + std::chrono::milliseconds(100));
    for (const std::size_t n : *scope.members) {
      if (scope.steps[n].status == StepStatus::Running) {
        wake = std::min(wake, scope.steps[n].deadline);
      }
    }
    std::deque<Completion> arrived;
    {
      std::unique_lock lock(queue->mutex);
      queue->arrived.wait_until(lock, wake, [&] { return !queue->completions.empty(); });
      arrived.swap(queue->completions);
    }
    for (Completion& completion : arrived)
      processCompletion(completion);
    const auto now = Clock::now();
    for (const std::size_t n : *scope.members) {
      Step& step = scope.steps[n];
      if (step.status != StepStatus::Running) continue;
      if (now < step.deadline) continue;  // a cancel is waited for below, at most 2 s
      ++step.generation;
      --running;
      services.node_threads.abandoned();
      finishStep(scope, n, step,
                 failure(plugins::ErrorClass::Transient,
                         "timed out after " + std::to_string(nodes[n].timeout.count()) + " ms"),
                 flusher);
    }
    if (stop && running > 0) {
      // Stopping: nodes still running were told (cancellation flag); wait at most 2 s more.
      const auto give_up = Clock::now() + std::chrono::seconds(2);
      std::unique_lock lock(queue->mutex);
      while (running > 0 && Clock::now() < give_up) {
        queue->arrived.wait_until(lock, give_up, [&] { return !queue->completions.empty(); });
        std::deque<Completion> late;
        late.swap(queue->completions);
        lock.unlock();
        for (Completion& completion : late)
          processCompletion(completion);
        lock.lock();
      }
      break;
    }
  }

  if (write_failed.load() || host_stopping.load()) return ScopeEnd::Interrupted;
  if (cancelled->load()) {
    cancelRemaining(scope, flusher, "cancelled");
    return ScopeEnd::Cancelled;
  }
  if (Clock::now() >= deadline) {
    timed_out.store(true);
    if (scope.failure.empty()) {
      scope.failure = "the execution timed out after " +
                      std::to_string(workflow->execution_timeout.count()) + " ms";
    }
    cancelRemaining(scope, flusher, "cancelled");
    return ScopeEnd::TimedOut;
  }
  return scope.failure.empty() ? ScopeEnd::Completed : ScopeEnd::Failed;
}

ExecutionDriver::ExecutionDriver(DriverServices& services,
                                 std::shared_ptr<const CompiledWorkflow> workflow,
                                 store::QueuedExecution execution,
                                 std::vector<store::StoredNodeState> stored,
                                 std::shared_ptr<std::atomic<bool>> cancelled,
                                 const std::atomic<bool>& host_stopping)
    : impl_(std::make_unique<Impl>(services, std::move(workflow), std::move(execution),
                                   std::move(stored), std::move(cancelled), host_stopping)) {}

ExecutionDriver::~ExecutionDriver() = default;

void ExecutionDriver::writeWithFirstCommit(store::NewExecution row) {
  impl_->unwritten = std::move(row);
  impl_->row_unwritten.store(true);
}

bool ExecutionDriver::persisted() const {
  return !impl_->unwritten.has_value();
}

ExecutionOutcome ExecutionDriver::run() {
  Impl& impl = *impl_;
  store::QueuedExecution& execution = impl.execution;
  impl.selected_trigger_type = triggerTypeFor(execution.trigger_type);
  {
    Object::Ptr trigger = new Object;
    trigger->set("type", execution.trigger_type);
    trigger->set("data", parseOrNull(execution.trigger_data_json));
    impl.trigger_value = trigger;
    Object::Ptr value = new Object;
    value->set("id", execution.id);
    value->set("workflow_id", execution.workflow_id);
    value->set("workspace_id", execution.workspace_id);
    impl.execution_value = value;
  }

  Flusher flusher(impl);
  const bool resumed = execution.start_time.has_value();
  if (!resumed) execution.start_time = store::utcNowTimestamp();
  // The execution's time limit counts from its first start, across resumes.
  impl.deadline = Clock::now() + impl.workflow->execution_timeout -
                  std::chrono::milliseconds(millisecondsSince(*execution.start_time));
  store::ExecutionStatusUpdate running;
  running.execution_id = execution.id;
  running.status = "running";
  running.start_time = execution.start_time;
  flusher.status(std::move(running), resumed ? "{\"resumed\":true}" : "{}");
  if (resumed) flusher.log("info", "", "resumed after an interruption");
  if (impl.services.inline_commits == InlineCommits::Each && !flusher.flush()) return {};

  Scope top;
  top.members = &impl.workflow->top_level;
  impl.initScope(top);
  ScopeEnd end = ScopeEnd::Interrupted;
  if (execution.cancel_requested) {
    impl.cancelled->store(true);
  }
  end = impl.runScope(top, flusher);

  ExecutionOutcome outcome;
  switch (end) {
    case ScopeEnd::Interrupted:
      flusher.flush();
      return outcome;  // stays queued: another run resumes it
    case ScopeEnd::Completed:
      outcome.status = "completed";
      outcome.output_json = impl.sinkOutput(top);
      break;
    case ScopeEnd::Failed:
    case ScopeEnd::TimedOut:
      outcome.status = "failed";
      outcome.error = top.failure;
      break;
    case ScopeEnd::Cancelled:
      outcome.status = "cancelled";
      outcome.error = "cancelled";
      break;
  }
  // The outcome reaches a waiting caller (synchronous runs) and error workflows as it is.
  impl.secret_values->redact(outcome.output_json);
  impl.secret_values->redact(outcome.error);
  store::ExecutionStatusUpdate finished;
  finished.execution_id = execution.id;
  finished.status = outcome.status;
  finished.end_time = store::utcNowTimestamp();
  finished.duration_ms = millisecondsSince(*execution.start_time);
  if (!outcome.error.empty()) finished.error_message = outcome.error;
  text::JsonWriter detail;
  detail.beginObject().field("duration_ms", *finished.duration_ms);
  if (!outcome.error.empty()) detail.field("error", outcome.error);
  detail.endObject();
  flusher.status(std::move(finished), std::move(detail).finish());
  if (!flusher.flush()) return {};
  return outcome;
}

}  // namespace orchestra::runtime
