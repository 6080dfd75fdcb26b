// Base class of a node type: one `execute` per run of a workflow node, with a context for
// progress, cancellation and the idempotency key, returning JSON on the output ports it chose.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orchestra/abi.h"
#include "orchestra/sdk/Extension.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/detail/Trampoline.hpp"

namespace orchestra::sdk {

// Everything one run of a node may know and do. Valid only during execute().
class NodeContext {
 public:
  NodeContext(const HostApi& host, const orc_node_execute_request& request, Json input, Json config)
      : host_(host), request_(request), input_(std::move(input)), config_(std::move(config)) {}

  // {"<input port>": <json>, ...} and one port of it (null when absent).
  const Json& input() const { return input_; }
  const Json& input(std::string_view port) const {
    const Json* value = input_.find(port);
    return value == nullptr ? null_ : *value;
  }
  // The node's config for this run, every {{ expression }} resolved by the host.
  const Json& config() const { return config_; }

  std::string_view executionId() const { return toStringView(request_.execution_id); }
  std::string_view nodeId() const { return toStringView(request_.node_id); }
  uint32_t attempt() const { return request_.attempt; }
  std::optional<int64_t> itemIndex() const {
    return request_.item_index < 0 ? std::nullopt : std::optional<int64_t>(request_.item_index);
  }
  int64_t deadlineUnixMs() const { return request_.deadline_unix_ms; }

  // Shown live in the studio: a message, an optional percentage and optional data.
  void emitProgress(std::string_view message, std::optional<double> percent = std::nullopt,
                    const Json& data = Json()) const {
    const orc_host_api& api = host_.raw();
    if (api.host_exec_emit_progress == nullptr) return;
    Json event = Json::object();
    event["message"] = Json(message);
    if (percent) event["percent"] = Json(*percent);
    if (!data.isNull()) event["data"] = data;
    std::string text = event.dump();
    api.host_exec_emit_progress(api.host, request_.exec, toOrcStr(text));
  }

  // True once the execution is cancelled or the deadline passed: poll it in long loops.
  bool isCancelled() const {
    const orc_host_api& api = host_.raw();
    return api.host_exec_is_cancelled != nullptr &&
           api.host_exec_is_cancelled(api.host, request_.exec);
  }
  void throwIfCancelled() const {
    if (isCancelled()) throw Error::cancelled();
  }

  // Same for every attempt of this node (and item) in this execution: forward it to APIs
  // that deduplicate side effects.
  std::string_view idempotencyKey() const {
    const orc_host_api& api = host_.raw();
    if (api.host_exec_idempotency_key == nullptr) return {};
    return toStringView(api.host_exec_idempotency_key(api.host, request_.exec));
  }

  const HostApi& host() const { return host_; }
  orc_exec* exec() const { return request_.exec; }

  // Host calls on behalf of this execution (cancellation reaches them).
  HttpResponse httpRequest(const HttpRequest& request) const {
    return host_.httpRequest(request, request_.exec);
  }
  HostCallResult aiChat(std::string_view provider_id, const Json& request) const {
    return host_.aiChat(provider_id, request, request_.exec);
  }
  HostCallResult mcpCallTool(std::string_view server_id, std::string_view tool,
                             const Json& arguments) const {
    return host_.mcpCallTool(server_id, tool, arguments, request_.exec);
  }
  HostCallResult mcpListTools(std::string_view server_id) const {
    return host_.mcpListTools(server_id, request_.exec);
  }
  // Another node type, run once within this node's run (host ABI >= 1.3): the ports it emitted,
  // {"main": ...}; throws Error carrying its failure. See HostApi::runNode.
  Json runNode(std::string_view node_type_id, const Json& config, const Json& input) const {
    return host_.runNode(node_type_id, config, input, request_.exec);
  }

 private:
  const HostApi& host_;
  const orc_node_execute_request& request_;
  Json input_;
  Json config_;
  Json null_;
};

// The ports a node emits on, each with its JSON. Emitting on no port ends the branch here.
class NodeResult {
 public:
  NodeResult() = default;
  static NodeResult on(std::string_view port, const Json& value) {
    NodeResult result;
    result.emit(port, value);
    return result;
  }

  NodeResult& emit(std::string_view port, const Json& value) {
    return emitRawJson(port, value.dump());
  }
  // For plugins that build JSON text themselves (it is not re-parsed here; the host checks it).
  NodeResult& emitRawJson(std::string_view port, std::string json) {
    for (auto& [name, text] : ports_) {
      if (name == port) {
        text = std::move(json);
        return *this;
      }
    }
    ports_.emplace_back(std::string(port), std::move(json));
    return *this;
  }

  const std::vector<std::pair<std::string, std::string>>& ports() const { return ports_; }

  // {"<port>": <json>, ...}: the payload of orc_result.data for on_execute.
  std::string toJson() const {
    std::string out = "{";
    for (size_t i = 0; i < ports_.size(); ++i) {
      if (i != 0) out += ',';
      out += Json::quote(ports_[i].first);
      out += ':';
      out += ports_[i].second;
    }
    out += '}';
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> ports_;
};

// Derive, give the class `static ExtensionInfo describe();` and a constructor taking
// `(const Json& config)` or `(const Json& config, const HostApi& host)`, then register it
// with Registrar::addNodeType<T>().
// THREAD: execute() may run concurrently on one instance, hence const: keep per-run state in
// locals and synchronise anything mutable.
class NodeType {
 public:
  virtual ~NodeType() = default;
  // Throw orchestra::sdk::Error to fail with a class (transient/permanent/validation); any other
  // exception fails the run as a permanent internal error carrying its what().
  virtual NodeResult execute(NodeContext& context) const = 0;
};

namespace detail {

inline orc_status executeNode(orc_instance* instance, const orc_node_execute_request* request,
                              orc_result* result) noexcept {
  auto* holder = holderOf<NodeType>(instance);
  return guarded(*holder->host, result, [&] {
    orc_node_execute_request copy =
        copyHostStruct(request, ORC_V1_0_SIZE_NODE_EXECUTE_REQUEST, "the node execute request");
    NodeContext context(*holder->host, copy, parseJsonArgument(copy.input_json, "input"),
                        parseJsonArgument(copy.config_json, "config"));
    NodeResult output = holder->object->execute(context);
    setData(*holder->host, result, output.toJson());
    return ORC_OK;
  });
}

}  // namespace detail
}  // namespace orchestra::sdk
