#include "HttpRequestNode.hpp"

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

constexpr size_t kErrorBodySnippetBytes = 200;

struct Settings {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<std::string> body;
  bool body_is_json = true;
  int64_t timeout_ms = HttpRequestNode::kDefaultTimeoutMs;
  bool response_is_json = true;
  bool fail_on_status = true;
  std::optional<std::string> idempotency_key_header;
  int64_t max_response_bytes = 0;  // 0 = the host's default
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "[Aa][Uu]..." so a JSON Schema pattern matches the header name in any letter case.
std::string anyCase(std::string_view name) {
  std::string pattern;
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      pattern += '[';
      pattern += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      pattern += ']';
    } else {
      pattern += c;
    }
  }
  return pattern;
}

bool isHeaderName(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) &&
        std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// CR/LF in a value would let config inject extra headers or a second request.
bool isHeaderValue(std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

void checkUrl(const std::string& url) {
  std::string scheme = lower(url.substr(0, 8));
  if (scheme.rfind("http://", 0) != 0 && scheme.rfind("https://", 0) != 0) {
    throw Error::validation("config.url must be an absolute http:// or https:// URL");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      throw Error::validation("config.url must not contain spaces or control characters");
    }
  }
}

// The URL without credentials, query or fragment: what error messages may show, since API
// keys often travel in the query string.
std::string displayUrl(const std::string& url) {
  std::string shown = url.substr(0, url.find_first_of("?#"));
  size_t authority = shown.find("://");
  if (authority != std::string::npos) {
    size_t path = shown.find('/', authority + 3);
    size_t at = shown.find('@', authority + 3);
    if (at != std::string::npos && (path == std::string::npos || at < path)) {
      shown.erase(authority + 3, at - authority - 2);
    }
  }
  return shown;
}

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string scalarText(const Json& value, const std::string& where) {
  if (value.isString()) return value.asString();
  if (value.isNumber() || value.isBool()) return value.dump();
  throw Error::validation(where + " must be a string, a number or a boolean");
}

Settings readSettings(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"method", "url", "headers", "query", "body", "body_type", "timeout_ms",
                    "response_format", "fail_on_status", "idempotency_key_header",
                    "max_response_bytes"});
  Settings settings;
  settings.method = reader.enumString(
      "method", {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}, "GET");
  settings.url = reader.requiredString("url");
  if (!reader.deferred("url")) checkUrl(settings.url);
  if (const Json* headers = reader.object("headers")) {
    for (const auto& [name, value] : headers->asObject()) {
      if (!isHeaderName(name)) throw Error::validation("config.headers: bad header name");
      if (phase == ConfigPhase::Create && isUnresolvedExpression(value)) continue;
      if (!value.isString() || !isHeaderValue(value.asString())) {
        // The value is not quoted: it may be a credential.
        throw Error::validation("config.headers." + name + " must be a string without line breaks");
      }
      settings.headers.emplace_back(name, value.asString());
    }
  }
  if (const Json* query = reader.object("query")) {
    for (const auto& [name, value] : query->asObject()) {
      std::string where = "config.query." + name;
      if (phase == ConfigPhase::Create && isUnresolvedExpression(value)) continue;
      if (value.isArray()) {
        for (const Json& item : value.asArray())
          settings.query.emplace_back(name, scalarText(item, where));
      } else {
        settings.query.emplace_back(name, scalarText(value, where));
      }
    }
  }
  settings.body_is_json = reader.enumString("body_type", {"json", "text"}, "json") == "json";
  if (reader.has("body")) {
    const Json& body = reader.value("body");
    if (settings.body_is_json) {
      settings.body = body.dump();
    } else if (body.isString()) {
      settings.body = body.asString();
    } else {
      throw Error::validation("config.body must be a string when config.body_type is text");
    }
  }
  settings.timeout_ms = reader.integer("timeout_ms", HttpRequestNode::kDefaultTimeoutMs, 1,
                                       HttpRequestNode::kMaxTimeoutMs);
  settings.response_is_json =
      reader.enumString("response_format", {"json", "text"}, "json") == "json";
  settings.fail_on_status = reader.boolean("fail_on_status", true);
  settings.idempotency_key_header = reader.optionalString("idempotency_key_header");
  if (settings.idempotency_key_header && !isHeaderName(*settings.idempotency_key_header)) {
    throw Error::validation("config.idempotency_key_header is not a header name");
  }
  settings.max_response_bytes =
      reader.integer("max_response_bytes", 0, 1, HttpRequestNode::kMaxResponseBytesLimit);
  return settings;
}

bool hasHeader(const sdk::HttpRequest& request, std::string_view name) {
  std::string wanted = lower(name);
  for (const auto& [key, value] : request.headers) {
    if (lower(key) == wanted) return true;
  }
  return false;
}

sdk::HttpRequest buildRequest(const Settings& settings, const sdk::NodeContext& context) {
  sdk::HttpRequest request;
  request.method = settings.method;
  request.url = settings.url;
  if (!settings.query.empty()) {
    size_t fragment = request.url.find('#');
    std::string tail = fragment == std::string::npos ? "" : request.url.substr(fragment);
    request.url = request.url.substr(0, fragment);
    char separator = request.url.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, value] : settings.query) {
      request.url += separator;
      request.url += percentEncode(name) + "=" + percentEncode(value);
      separator = '&';
    }
    request.url += tail;
  }
  request.headers = settings.headers;
  if (settings.body) {
    request.body = *settings.body;
    if (!hasHeader(request, "content-type")) {
      request.headers.emplace_back(
          "Content-Type", settings.body_is_json ? "application/json" : "text/plain; charset=utf-8");
    }
  }
  if (settings.idempotency_key_header && !hasHeader(request, *settings.idempotency_key_header)) {
    std::string_view key = context.idempotencyKey();
    if (!key.empty()) request.headers.emplace_back(*settings.idempotency_key_header, key);
  }
  request.timeout_ms = static_cast<uint32_t>(settings.timeout_ms);
  request.max_response_bytes = static_cast<uint64_t>(settings.max_response_bytes);
  return request;
}

bool isRetryableStatus(int status_code) {
  return status_code == 408 || status_code == 429 || status_code >= 500;
}

Json headersObject(const sdk::HttpResponse& response) {
  Json headers = Json::object();
  for (const auto& [name, value] : response.headers) {
    Json& slot = headers[name];
    // Repeated headers are joined as RFC 9110 allows for list-valued fields.
    slot = slot.isNull() ? Json(value) : Json(slot.asString() + ", " + value);
  }
  return headers;
}

}  // namespace

sdk::ExtensionInfo HttpRequestNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.http_request";
  info.display_name = "HTTP Request";
  info.description =
      "Calls an HTTP API through the host and returns the status, headers and body; 429, 5xx "
      "and network failures are retried.";
  info.category = sdk::Category::Action;
  std::string secret_headers = "^(" + anyCase("authorization") + "|" +
                               anyCase("proxy-authorization") + "|" + anyCase("x-api-key") + "|" +
                               anyCase("api-key") + "|" + anyCase("cookie") + ")$";
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("method":{"type":"string","enum":["GET","POST","PUT","PATCH","DELETE","HEAD","OPTIONS"],)"
      R"("default":"GET"},)"
      R"("url":{"type":"string","format":"uri","pattern":"^[Hh][Tt][Tt][Pp][Ss]?://",)"
      R"("maxLength":8192},)"
      R"("headers":{"type":"object","maxProperties":100,)"
      R"("propertyNames":{"pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$"},)"
      R"("properties":{"Authorization":{"type":"string","secret":true},)"
      R"("authorization":{"type":"string","secret":true}},)"
      R"("patternProperties":{)" +
      Json::quote(secret_headers) +
      R"(:{"type":"string","secret":true}},)"
      R"("additionalProperties":{"type":"string"}},)"
      R"("query":{"type":"object","maxProperties":100,"additionalProperties":)"
      R"({"type":["string","number","boolean","array"],)"
      R"("items":{"type":["string","number","boolean"]}}},)"
      R"("body":{"description":"A JSON value when body_type is json, a string when it is text"},)"
      R"("body_type":{"type":"string","enum":["json","text"],"default":"json"},)"
      R"("timeout_ms":{"type":"integer","minimum":1,"maximum":300000,"default":30000},)"
      R"("response_format":{"type":"string","enum":["json","text"],"default":"json"},)"
      R"("fail_on_status":{"type":"boolean","default":true,)"
      R"("description":"Fail the node on a status >= 400; 408, 429 and 5xx are retried"},)"
      R"("idempotency_key_header":{"type":"string",)"
      R"("pattern":"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$",)"
      R"("description":"Send the run's idempotency key in this header, e.g. Idempotency-Key"},)"
      R"("max_response_bytes":{"type":"integer","minimum":1,"maximum":104857600}},)"
      R"("required":["url"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"main"}};
  info.flags = ORC_EXTENSION_SIDE_EFFECTS;
  return info;
}

HttpRequestNode::HttpRequestNode(const Json& config) : config_(config) {
  readSettings(config_, ConfigPhase::Create);
}

sdk::NodeResult HttpRequestNode::execute(sdk::NodeContext& context) const {
  Settings settings = readSettings(runConfig(context, config_), ConfigPhase::Execute);
  sdk::HttpRequest request = buildRequest(settings, context);
  std::string target = settings.method + " " + displayUrl(settings.url);

  sdk::HttpResponse response;
  try {
    response = context.httpRequest(request);
  } catch (const Error& error) {
    throw Error(error.status(), error.errorClass(), "HTTP " + target + ": " + error.what());
  }

  if (response.status_code >= 400 && settings.fail_on_status) {
    std::string message = "HTTP " + std::to_string(response.status_code) + " from " + target;
    if (!response.body.empty()) {
      message += ": " + response.body.substr(0, kErrorBodySnippetBytes);
    }
    if (isRetryableStatus(response.status_code)) throw Error::transient(message);
    throw Error::permanent(message);
  }

  Json body;
  if (!settings.response_is_json) {
    body = Json(response.body);
  } else if (!response.body.empty()) {
    try {
      body = Json::parse(response.body);
    } catch (const sdk::JsonError& error) {
      if (response.status_code < 400) {
        throw Error::permanent("HTTP " + target + ": the response is not JSON (" + error.what() +
                               "); set response_format to text");
      }
      body = Json(response.body);  // an error page kept as text when fail_on_status is off
    }
  }
  Json output = Json::object();
  output["status"] = Json(response.status_code);
  output["headers"] = headersObject(response);
  output["body"] = std::move(body);
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::core
