#include "host/api/NodeCallResponses.hpp"

#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

int statusForFailedCall(const plugins::NodeOutcome& outcome) {
  if (outcome.error_message.find("budget_exceeded") != std::string::npos) return 402;
  switch (outcome.error_class) {
    case plugins::ErrorClass::Transient:
      return 503;
    case plugins::ErrorClass::Validation:
      return 422;
    default:
      return 502;
  }
}

std::string failedCallJson(const plugins::NodeOutcome& outcome) {
  text::JsonWriter json;
  json.beginObject()
      .field("detail", outcome.error_message)
      .field("error_class", std::string(plugins::errorClassName(outcome.error_class)))
      .endObject();
  return std::move(json).finish();
}

}  // namespace orchestra::api
