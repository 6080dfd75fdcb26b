#include "host/workflows/InputSchemaCheck.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "host/schema/Schema.hpp"

namespace orchestra::workflows {

std::vector<errors::ValidationIssue> checkInputSchema(const std::string& settings_json,
                                                      const std::vector<std::string>& loc_prefix) {
  Poco::JSON::Object::Ptr settings;
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(settings_json);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      settings = parsed.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception&) {
    return {};  // the settings' own shape is the route schema's business
  }
  if (settings.isNull() || !settings->has("input_schema")) return {};
  std::vector<std::string> loc = loc_prefix;
  loc.insert(loc.end(), {"settings", "input_schema"});
  const auto schema = settings->getObject("input_schema");
  if (schema.isNull() || schema->optValue<std::string>("type", "") != "object") {
    return {{loc, R"(input_schema must be a JSON Schema with "type": "object")", "value_error"}};
  }
  try {
    schema::Schema::compileDocument(settings->get("input_schema"));
  } catch (const schema::SchemaError& error) {
    return {{loc, error.what(), "value_error"}};
  }
  return {};
}

}  // namespace orchestra::workflows
