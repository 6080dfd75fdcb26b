#include "host/plugins/ConfigCompletion.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include "host/schema/DeferredValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::plugins {

CompletedConfig completeConfig(const schema::Schema& schema, std::string_view config_json,
                               TemplatedValues templated) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(config_json.empty() ? std::string("{}") : std::string(config_json));
  } catch (const Poco::Exception& error) {
    return {{}, "config is not valid JSON: " + error.message()};
  }
  const Poco::Dynamic::Var config = schema.applyDefaults(parsed);
  const schema::ValidationResult result = schema.validate(config);
  for (const auto& issue : result.issues()) {
    if (templated == TemplatedValues::Defer && schema::isIssueAtDeferredValue(config, issue)) {
      continue;
    }
    return {{},
            "config invalid at \"" + (issue.instance_path.empty() ? "/" : issue.instance_path) +
                "\": " + issue.message};
  }
  return {text::toJson(config), {}};
}

}  // namespace orchestra::plugins
