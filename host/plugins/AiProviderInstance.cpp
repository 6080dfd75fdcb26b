#include "host/plugins/AiProviderInstance.hpp"

#include "host/plugins/ConfigCompletion.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/schema/Schema.hpp"
#include "host/schema/SchemaError.hpp"

namespace orchestra::plugins {

std::variant<std::unique_ptr<AiProviderInstance>, std::string> AiProviderInstance::create(
    const Entry& extension, const std::string& config_json) {
  std::string completed_json;
  try {
    const schema::Schema schema = extension.info.config_schema
                                      ? *extension.info.config_schema
                                      : schema::Schema::compile(extension.info.config_schema_json);
    CompletedConfig completed = completeConfig(schema, config_json);
    if (!completed.ok()) return completed.problem;
    completed_json = std::move(completed.json);
  } catch (const schema::SchemaError& error) {
    return std::string("the provider's config schema is invalid: ") + error.what();
  }
  orc_result result{};
  result.struct_size = sizeof(orc_result);
  orc_instance* created = nullptr;
  const orc_status status = extension.vtable.on_create(extension.vtable.type_data,
                                                       toOrcStr(completed_json), &created, &result);
  std::string message = takeBuffer(result.error_message);
  freeBuffer(result.data);
  if (status != ORC_OK || created == nullptr) {
    if (created != nullptr) extension.vtable.on_destroy(created);
    return message.empty() ? "the provider refused its config" : message;
  }
  return std::unique_ptr<AiProviderInstance>(
      new AiProviderInstance(extension, created, std::move(completed_json)));
}

AiProviderInstance::~AiProviderInstance() {
  extension_.vtable.on_destroy(instance_);
}

orc_status AiProviderInstance::chat(const orc_ai_chat_request& request, orc_result& result,
                                    orc_ai_usage& usage) const {
  return extension_.vtable.on_chat(instance_, &request, &result, &usage);
}

orc_status AiProviderInstance::generateImage(const orc_ai_image_request& request,
                                             orc_result& result, orc_ai_usage& usage) const {
  if (extension_.vtable.on_generate_image == nullptr) {
    result.error_class = ORC_ERROR_CLASS_PERMANENT;
    result.error_message = allocateBuffer("this provider does not generate images");
    return ORC_ERR_UNSUPPORTED;
  }
  return extension_.vtable.on_generate_image(instance_, &request, &result, &usage);
}

}  // namespace orchestra::plugins
