#include "host/plugins/NodeInvoker.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <atomic>

#include "host/plugins/ConfigCompletion.hpp"
#include "host/schema/Schema.hpp"
#include "host/schema/SchemaError.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::plugins {

namespace {

std::atomic<std::int64_t> node_calls_in_flight{0};

// Counts one call for nodeCallsInFlight() while it runs.
class InFlightCall {
 public:
  InFlightCall() { node_calls_in_flight.fetch_add(1, std::memory_order_relaxed); }
  ~InFlightCall() { node_calls_in_flight.fetch_sub(1, std::memory_order_release); }
  InFlightCall(const InFlightCall&) = delete;
  InFlightCall& operator=(const InFlightCall&) = delete;
};

ErrorClass classify(orc_error_class reported, orc_status status) {
  switch (reported) {
    case ORC_ERROR_CLASS_TRANSIENT:
      return ErrorClass::Transient;
    case ORC_ERROR_CLASS_PERMANENT:
      return ErrorClass::Permanent;
    case ORC_ERROR_CLASS_VALIDATION:
      return ErrorClass::Validation;
    default:
      break;
  }
  // The ABI's rule for a failure that names no class.
  if (status == ORC_ERR_TIMEOUT || status == ORC_ERR_UNAVAILABLE) return ErrorClass::Transient;
  if (status == ORC_ERR_INVALID_ARGUMENT) return ErrorClass::Validation;
  return ErrorClass::Permanent;
}

NodeOutcome failed(orc_status status, ErrorClass error_class, std::string message) {
  NodeOutcome outcome;
  outcome.status = status;
  outcome.error_class = error_class;
  outcome.error_message = std::move(message);
  return outcome;
}

}  // namespace

std::int64_t nodeCallsInFlight() noexcept {
  return node_calls_in_flight.load(std::memory_order_acquire);
}

std::string_view errorClassName(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::Transient:
      return "transient";
    case ErrorClass::Permanent:
      return "permanent";
    case ErrorClass::Validation:
      return "validation";
    case ErrorClass::None:
      break;
  }
  return "none";
}

NodeInstance::NodeInstance(const RegisteredExtension<orc_node_type_vtable>& type,
                           const std::string& config_json, TemplatedValues templated)
    : type_(type) {
  try {
    const schema::Schema schema = type_.info.config_schema
                                      ? *type_.info.config_schema
                                      : schema::Schema::compile(type_.info.config_schema_json);
    CompletedConfig completed = completeConfig(schema, config_json, templated);
    if (!completed.ok()) {
      creation_failure_ =
          failed(ORC_ERR_INVALID_ARGUMENT, ErrorClass::Validation, std::move(completed.problem));
      return;
    }
    config_json_ = std::move(completed.json);
  } catch (const schema::SchemaError& error) {
    creation_failure_ =
        failed(ORC_ERR_INVALID_ARGUMENT, ErrorClass::Validation,
               std::string("the node type's config schema is invalid: ") + error.what());
    return;
  }
  orc_result result{};
  result.struct_size = sizeof(orc_result);
  orc_instance* created = nullptr;
  const orc_status status =
      type_.vtable.on_create(type_.vtable.type_data, toOrcStr(config_json_), &created, &result);
  std::string message = takeBuffer(result.error_message);
  freeBuffer(result.data);
  if (status != ORC_OK || created == nullptr) {
    creation_failure_ =
        failed(status == ORC_OK ? ORC_ERR_INTERNAL : status, classify(result.error_class, status),
               message.empty() ? "the node type refused its config" : message);
    // Whatever the plugin created alongside an error is still its to free.
    if (created != nullptr) type_.vtable.on_destroy(created);
    return;
  }
  instance_ = created;
}

NodeInstance::~NodeInstance() {
  if (instance_ != nullptr) type_.vtable.on_destroy(instance_);
}

NodeOutcome NodeInstance::execute(const NodeRun& run) const {
  if (instance_ == nullptr) return creation_failure_;
  orc_exec exec;
  exec.idempotency_key = run.idempotency_key;
  exec.workspace_id = run.workspace_id;
  exec.is_cancelled = run.is_cancelled;
  exec.on_progress = run.on_progress;
  exec.ai_context =
      AiCallContext{run.execution_id, run.node_id, run.workflow_id, run.workspace_id, run.user_id};
  exec.deadline_unix_ms = run.deadline_unix_ms;
  exec.nesting_depth = run.nesting_depth;
  const std::string& config = run.config_json.empty() ? config_json_ : run.config_json;

  orc_node_execute_request request{};
  request.struct_size = sizeof(orc_node_execute_request);
  request.attempt = run.attempt;
  request.exec = &exec;
  request.input_json = toOrcStr(run.input_json);
  request.config_json = toOrcStr(config);
  request.execution_id = toOrcStr(run.execution_id);
  request.node_id = toOrcStr(run.node_id);
  request.item_index = run.item_index;
  request.deadline_unix_ms = run.deadline_unix_ms;

  orc_result result{};
  result.struct_size = sizeof(orc_result);
  orc_status status = ORC_OK;
  {
    const InFlightCall counted;
    status = type_.vtable.on_execute(instance_, &request, &result);
  }
  std::string message = takeBuffer(result.error_message);
  std::string data = takeBuffer(result.data);
  if (status != ORC_OK) {
    if (message.empty()) message = "the node failed with status " + std::to_string(status);
    NodeOutcome outcome = failed(status, classify(result.error_class, status), std::move(message));
    // Only a transient failure has a "not before"; anything else is not retried at all.
    if (outcome.error_class == ErrorClass::Transient) {
      outcome.retry_after_ms = std::max<std::int64_t>(result.retry_after_ms, 0);
    }
    return outcome;
  }

  // The plugin's answer is untrusted: it must be a JSON object of declared ports.
  NodeOutcome outcome;
  outcome.ok = true;
  if (data.empty()) return outcome;  // emitted on no port
  Poco::JSON::Object::Ptr ports;
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(data);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) throw Poco::Exception("not an object");
    ports = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& error) {
    return failed(
        ORC_ERR_INTERNAL, ErrorClass::Permanent,
        "node type \"" + type_.info.id +
            "\" returned a result that is not a JSON object of ports: " + error.message());
  }
  const bool dynamic = (type_.info.flags & ORC_EXTENSION_DYNAMIC_OUTPUTS) != 0;
  for (const auto& member : *ports) {
    const std::string& port = member.first;
    const Poco::Dynamic::Var& value = member.second;
    const bool declared =
        std::any_of(type_.info.output_ports.begin(), type_.info.output_ports.end(),
                    [&port](const PortInfo& info) { return info.name == port; });
    if (!declared && !dynamic) {
      return failed(
          ORC_ERR_INTERNAL, ErrorClass::Permanent,
          "node type \"" + type_.info.id + "\" emitted on undeclared port \"" + port + "\"");
    }
    outcome.ports.emplace_back(port, text::toJson(value));
    outcome.port_values.push_back(value);
  }
  return outcome;
}

}  // namespace orchestra::plugins
