#include "WebhookTrigger.hpp"

#include <cctype>

#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

constexpr size_t kMaxPathBytes = 200;

bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Compares without an early exit so response timing does not reveal how much of a guess
// was right.
bool sameSecret(std::string_view presented, std::string_view expected) {
  if (expected.empty()) return false;
  unsigned difference = presented.size() == expected.size() ? 0u : 1u;
  for (size_t i = 0; i < presented.size(); ++i) {
    difference |= static_cast<unsigned char>(presented[i]) ^
                  static_cast<unsigned char>(expected[i % expected.size()]);
  }
  return difference == 0;
}

void checkPath(const std::string& path) {
  if (path.empty() || path.size() > kMaxPathBytes) {
    throw Error::validation("config.path must have 1 to " + std::to_string(kMaxPathBytes) +
                            " characters");
  }
  std::string_view rest = path;
  if (rest.front() == '/') rest.remove_prefix(1);
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = rest.find('/', start);
    std::string_view segment =
        rest.substr(start, end == std::string_view::npos ? end : end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      throw Error::validation("config.path '" + path + "' has an empty, '.' or '..' segment");
    }
    for (char c : segment) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
          c != '~') {
        throw Error::validation("config.path '" + path +
                                "' may only use letters, digits, '-', '_', '.', '~' and '/'");
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

}  // namespace

sdk::ExtensionInfo WebhookTrigger::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.trigger.webhook";
  info.display_name = "Webhook Trigger";
  info.description =
      "Starts the workflow when an HTTP request arrives at /api/v1/hooks/<path>, optionally "
      "only with a shared secret header.";
  info.category = sdk::Category::Trigger;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("path":{"type":"string","minLength":1,"maxLength":200,)"
      R"("pattern":"^/?[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$",)"
      R"("description":"Path under /api/v1/hooks/"},)"
      R"("methods":{"type":"array","minItems":1,"uniqueItems":true,"default":["POST"],)"
      R"("items":{"type":"string","enum":["GET","POST","PUT","PATCH","DELETE"]}},)"
      R"("secret_header":{"type":"string","minLength":1,"maxLength":100,)"
      R"("pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",)"
      R"("description":"Name of the header that must carry secret_value"},)"
      R"("secret_value":{"type":"string","minLength":8,"maxLength":1024,"secret":true},)"
      R"("respond":{"type":"string","enum":["immediately","when_finished"],)"
      R"("default":"immediately","description":"immediately: 202 with the execution id; )"
      R"(when_finished: the workflow's output, or 202 after respond_timeout_ms"},)"
      R"("respond_timeout_ms":{"type":"integer","minimum":1,"maximum":300000,"default":30000}},)"
      R"("required":["path"],"dependentRequired":{"secret_header":["secret_value"],)"
      R"("secret_value":["secret_header"]},"additionalProperties":false})";
  info.outputs = {{"main"}};
  return info;
}

WebhookTrigger::WebhookTrigger(Json config) : config_(std::move(config)) {
  read(config_, true);
}

WebhookTrigger::Settings WebhookTrigger::read(const Json& config, bool at_create) {
  ConfigReader reader(config, at_create ? ConfigPhase::Create : ConfigPhase::Execute);
  reader.allowOnly(
      {"path", "methods", "secret_header", "secret_value", "respond", "respond_timeout_ms"});
  Settings settings;
  settings.path = reader.requiredString("path");
  checkPath(settings.path);
  if (const Json* methods = reader.array("methods")) {
    if (methods->asArray().empty()) throw Error::validation("config.methods must not be empty");
    for (const Json& method : methods->asArray()) {
      const std::string& name = method.isString() ? method.asString() : std::string();
      if (name != "GET" && name != "POST" && name != "PUT" && name != "PATCH" && name != "DELETE") {
        throw Error::validation("config.methods may only hold GET, POST, PUT, PATCH, DELETE");
      }
      for (const std::string& seen : settings.methods) {
        if (seen == name) throw Error::validation("config.methods lists " + name + " twice");
      }
      settings.methods.push_back(name);
    }
  } else {
    settings.methods = {"POST"};
  }
  settings.secret_header = reader.optionalString("secret_header");
  settings.secret_value = reader.optionalString("secret_value");
  if (settings.secret_header.has_value() != settings.secret_value.has_value()) {
    throw Error::validation("config.secret_header and config.secret_value go together");
  }
  if (settings.secret_header) {
    if (settings.secret_header->empty()) throw Error::validation("config.secret_header is empty");
    for (char c : *settings.secret_header) {
      if (!isTokenChar(c)) throw Error::validation("config.secret_header is not a header name");
    }
  }
  return settings;
}

sdk::NodeResult WebhookTrigger::execute(sdk::NodeContext& context) const {
  Settings settings = read(runConfig(context, config_), false);
  Json payload = mainInput(context);
  if (const Json* method = payload.find("method"); method != nullptr && method->isString()) {
    bool allowed = false;
    for (const std::string& name : settings.methods)
      allowed = allowed || name == method->asString();
    if (!allowed) {
      throw Error(ORC_ERR_PERMISSION_DENIED, sdk::ErrorClass::Permanent,
                  "webhook: method " + method->asString() + " is not accepted by this trigger");
    }
  }
  // The host's webhook endpoint checks the secret before it queues anything and says so here,
  // keeping the secret itself out of the stored trigger data; a payload from elsewhere that
  // carries headers is checked by the node.
  const Json* checked = payload.isObject() ? payload.find("secret_checked") : nullptr;
  const bool host_checked = checked != nullptr && checked->isBool() && checked->asBool();
  if (settings.secret_header && !host_checked && payload.isObject() &&
      payload.contains("headers") && payload["headers"].isObject()) {
    Json& headers = payload["headers"];
    std::string wanted = lower(*settings.secret_header);
    std::optional<std::string> presented;
    Json::Object kept;
    for (auto& [name, value] : headers.asObject()) {
      if (lower(name) == wanted) {
        if (value.isString()) presented = value.asString();
      } else {
        kept.emplace(name, std::move(value));
      }
    }
    if (!presented || !sameSecret(*presented, *settings.secret_value)) {
      throw Error(ORC_ERR_PERMISSION_DENIED, sdk::ErrorClass::Permanent,
                  "webhook: the secret header is missing or wrong");
    }
    headers = Json(std::move(kept));
  }
  return sdk::NodeResult::on("main", payload);
}

}  // namespace orchestra::plugins::core
