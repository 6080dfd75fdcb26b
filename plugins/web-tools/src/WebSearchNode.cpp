#include "WebSearchNode.hpp"

#include <string>

#include "WebHttp.hpp"

namespace orchestra::plugins::web_tools {

using sdk::Error;
using sdk::Json;

namespace {

constexpr std::uint32_t kSearchTimeoutMs = 30000;
constexpr std::uint64_t kMaxSearchResponseBytes = std::uint64_t{4} * 1024 * 1024;
constexpr std::int64_t kDefaultCount = 5;

}  // namespace

Json searchResultsFrom(std::string_view body, std::size_t count) {
  Json answer;
  try {
    answer = Json::parse(body);
  } catch (const Error&) {
    throw Error::permanent("the search service answered something that is not JSON");
  }
  const Json* data = answer.isObject() ? answer.find("data") : nullptr;
  if (data == nullptr || !data->isArray()) {
    throw Error::permanent("the search service's answer has no data array (Jina SERP shape)");
  }
  Json results = Json::array();
  for (const Json& item : data->asArray()) {
    if (results.asArray().size() >= count) break;
    if (!item.isObject()) continue;
    Json result = Json::object();
    for (const char* field : {"title", "url", "description"})
      result[field] = Json(item.stringOr(field, ""));
    if (const Json* content = item.find("content"); content != nullptr && content->isString())
      result["content"] = *content;
    results.push(result);
  }
  return results;
}

sdk::ExtensionInfo WebSearchNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "web.search";
  info.display_name = "Web Search";
  info.description =
      "Searches the web through a Jina-SERP-compatible service and returns titles, URLs and "
      "descriptions (and page content when the service sends it).";
  info.category = sdk::Category::Integration;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("query":{"type":"string","minLength":1,"maxLength":2000},)"
      R"("count":{"type":"integer","minimum":1,"maximum":50,"default":5},)"
      R"("base_url":{"type":"string","default":"https://s.jina.ai",)"
      R"("description":"the search service speaking the Jina SERP request and answer shape"},)"
      R"("api_key_secret":{"type":"string","default":"JINA_API_KEY",)"
      R"("description":"name of the workspace secret holding the service's key; none: no key sent"}},)"
      R"("required":["query"],"additionalProperties":false})";
  info.inputs = {{"main", ORC_PORT_OPTIONAL}};
  info.outputs = {{"main"}};
  return info;
}

WebSearchNode::WebSearchNode(const Json& config) {
  if (config.stringOr("query", "").empty()) throw Error::validation("config.query is required");
}

sdk::NodeResult WebSearchNode::execute(sdk::NodeContext& context) const {
  const Json& config = context.config();
  const std::string query = config.stringOr("query", "");
  if (query.empty()) throw Error::validation("config.query is empty");
  const Json* count_value = config.find("count");
  const std::int64_t count =
      count_value != nullptr && count_value->isNumber() ? count_value->asInt() : kDefaultCount;
  const std::string base_url =
      withoutTrailingSlash(config.stringOr("base_url", "https://s.jina.ai"));
  requireHttpUrl(base_url, "config.base_url");
  const std::optional<std::string> key =
      optionalKey(context.host(), config.stringOr("api_key_secret", ""));

  sdk::HttpRequest request;
  request.method = "GET";
  request.url = base_url + "/?q=" + percentEncoded(query) + "&num=" + std::to_string(count);
  request.headers = {{"Accept", "application/json"}};
  if (key) request.headers.emplace_back("Authorization", "Bearer " + *key);
  request.timeout_ms = kSearchTimeoutMs;
  request.max_response_bytes = kMaxSearchResponseBytes;
  const sdk::HttpResponse response = context.host().httpRequest(request, context.exec());
  if (response.status_code >= 400) {
    throw providerError("the search service", response, key.value_or(""));
  }
  Json output = Json::object();
  output["query"] = Json(query);
  output["results"] = searchResultsFrom(response.body, static_cast<std::size_t>(count));
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::web_tools
