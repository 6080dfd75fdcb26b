#include "host/workflows/InputSchemaCheck.hpp"

#include "host/schema/Schema.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::workflows {

std::vector<errors::ValidationIssue> checkInputSchema(const std::string& settings_json,
                                                      const std::vector<std::string>& loc_prefix) {
  // The settings may be large (the studio keeps its own state there): they are read as a compact
  // document, and only the input schema is compiled.
  const auto settings = text::JsonDocument::parse(settings_json);
  // The settings' own shape is the route schema's business.
  if (!settings || !settings->root().has("input_schema")) return {};
  std::vector<std::string> loc = loc_prefix;
  loc.insert(loc.end(), {"settings", "input_schema"});
  const text::JsonView schema = settings->root().get("input_schema");
  if (!schema.isObject() || schema.optValue<std::string>("type", "") != "object") {
    return {{loc, R"(input_schema must be a JSON Schema with "type": "object")", "value_error"}};
  }
  try {
    schema::Schema::compile(text::toJson(schema));
  } catch (const schema::SchemaError& error) {
    return {{loc, error.what(), "value_error"}};
  }
  return {};
}

}  // namespace orchestra::workflows
