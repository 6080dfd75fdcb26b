#include "host/plugins/McpTransportInstance.hpp"

#include "host/plugins/ConfigCompletion.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/schema/Schema.hpp"
#include "host/schema/SchemaError.hpp"

namespace orchestra::plugins {

namespace {

// Calls one operation with a fresh orc_result and collects what the plugin put in it.
template <typename Call>
TransportAnswer answer(Call&& call) {
  orc_result result{};
  result.struct_size = sizeof(orc_result);
  const orc_status status = call(&result);
  std::string message = takeBuffer(result.error_message);
  std::string data = takeBuffer(result.data);
  if (status == ORC_OK) return {ORC_OK, std::move(data)};
  if (message.empty()) message = "the MCP transport failed with status " + std::to_string(status);
  return {status, std::move(message)};
}

}  // namespace

std::variant<std::unique_ptr<McpTransportInstance>, TransportAnswer> McpTransportInstance::create(
    const Entry& transport, const std::string& config_json) {
  std::string completed_json;
  try {
    const schema::Schema schema = transport.info.config_schema
                                      ? *transport.info.config_schema
                                      : schema::Schema::compile(transport.info.config_schema_json);
    CompletedConfig completed = completeConfig(schema, config_json);
    if (!completed.ok()) return TransportAnswer{ORC_ERR_INVALID_ARGUMENT, completed.problem};
    completed_json = std::move(completed.json);
  } catch (const schema::SchemaError& error) {
    return TransportAnswer{
        ORC_ERR_INVALID_ARGUMENT,
        std::string("the transport's config schema is invalid: ") + error.what()};
  }
  orc_instance* created = nullptr;
  TransportAnswer created_answer = answer([&](orc_result* result) {
    return transport.vtable.on_create(transport.vtable.type_data, toOrcStr(completed_json),
                                      &created, result);
  });
  if (!created_answer.ok() || created == nullptr) {
    if (created != nullptr) transport.vtable.on_destroy(created);
    if (created_answer.ok()) created_answer = {ORC_ERR_INTERNAL, "the transport created nothing"};
    return created_answer;
  }
  return std::unique_ptr<McpTransportInstance>(new McpTransportInstance(transport, created));
}

McpTransportInstance::~McpTransportInstance() {
  close();
  transport_.vtable.on_destroy(instance_);
}

McpTransportInstance::McpTransportInstance(const Entry& transport, orc_instance* instance)
    : transport_(transport), instance_(instance) {
  exec_.is_cancelled = [this] { return closing_.load(); };
}

TransportAnswer McpTransportInstance::open() {
  return answer(
      [&](orc_result* result) { return transport_.vtable.on_open(instance_, &exec_, result); });
}

TransportAnswer McpTransportInstance::send(std::string_view message_json) {
  return answer([&](orc_result* result) {
    return transport_.vtable.on_send(instance_, toOrcStr(message_json), result);
  });
}

TransportAnswer McpTransportInstance::receive(std::uint32_t timeout_ms) {
  return answer([&](orc_result* result) {
    return transport_.vtable.on_receive(instance_, timeout_ms, result);
  });
}

void McpTransportInstance::close() noexcept {
  if (closed_) return;
  closed_ = true;
  closing_ = true;
  transport_.vtable.on_close(instance_);
}

}  // namespace orchestra::plugins
