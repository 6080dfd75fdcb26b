#include "WebReadNode.hpp"

#include <string>

#include "HtmlText.hpp"
#include "WebHttp.hpp"

namespace orchestra::plugins::web_tools {

using sdk::Error;
using sdk::Json;

namespace {

constexpr std::uint32_t kReadTimeoutMs = 30000;
// A page larger than this is not read at all (the host stops the download); its text is then
// bounded again by max_content_bytes (UTF-8 bytes).
constexpr std::uint64_t kMaxPageBytes = std::uint64_t{5} * 1024 * 1024;
constexpr std::int64_t kDefaultMaxContentBytes = 100000;

bool hasPrefix(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The host refuses private and loopback addresses unless the operator allows them: for a URL
// the caller chose, that is a mistake of the input, not an outage.
sdk::HttpResponse fetch(const sdk::NodeContext& context, const sdk::HttpRequest& request) {
  try {
    return context.host().httpRequest(request, context.exec());
  } catch (const Error& error) {
    if (error.status() == ORC_ERR_PERMISSION_DENIED || error.status() == ORC_ERR_INVALID_ARGUMENT)
      throw Error::validation(std::string("config.url: ") + error.what());
    throw;
  }
}

Json viaReader(const sdk::NodeContext& context, const std::string& url, const std::string& key,
               std::size_t max_content_bytes) {
  const std::string reader_url =
      withoutTrailingSlash(context.config().stringOr("reader_url", "https://r.jina.ai"));
  requireHttpUrl(reader_url, "config.reader_url");
  sdk::HttpRequest request;
  request.url = reader_url + "/" + url;  // the reader takes the page's URL as its path
  request.headers = {{"Accept", "application/json"}, {"Authorization", "Bearer " + key}};
  request.timeout_ms = kReadTimeoutMs;
  request.max_response_bytes = kMaxPageBytes;
  const sdk::HttpResponse response = fetch(context, request);
  if (response.status_code >= 400) throw providerError("the reader service", response, key);
  Json answer;
  try {
    answer = Json::parse(response.body);
  } catch (const Error&) {
    throw Error::permanent("the reader service answered something that is not JSON");
  }
  const Json* data = answer.isObject() ? answer.find("data") : nullptr;
  if (data == nullptr || !data->isObject()) {
    throw Error::permanent("the reader service's answer has no data object (Jina reader shape)");
  }
  const std::string content = data->stringOr("content", "");
  Json output = Json::object();
  output["url"] = Json(data->stringOr("url", url));
  output["title"] = Json(data->stringOr("title", ""));
  output["content"] = Json(utf8Prefix(content, max_content_bytes));
  output["source"] = Json("reader");
  output["truncated"] = Json(content.size() > max_content_bytes);
  return output;
}

Json direct(const sdk::NodeContext& context, const std::string& url,
            std::size_t max_content_bytes) {
  sdk::HttpRequest request;
  request.url = url;
  request.headers = {{"Accept", "text/html, text/plain;q=0.9, */*;q=0.1"}};
  request.timeout_ms = kReadTimeoutMs;
  request.max_response_bytes = kMaxPageBytes;
  const sdk::HttpResponse response = fetch(context, request);
  if (response.status_code >= 400) throw providerError("the page", response, "");
  std::string type = response.header("content-type").value_or("text/html");
  for (char& character : type)
    character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  Json output = Json::object();
  output["url"] = Json(url);
  if (type.find("html") != std::string::npos) {
    const PageText page = htmlToText(response.body, max_content_bytes);
    output["title"] = Json(page.title);
    output["content"] = Json(page.text);
    output["truncated"] = Json(page.truncated);
  } else if (hasPrefix(type, "text/") || type.find("json") != std::string::npos ||
             type.find("xml") != std::string::npos) {
    output["title"] = Json("");
    output["content"] = Json(utf8Prefix(response.body, max_content_bytes));
    output["truncated"] = Json(response.body.size() > max_content_bytes);
  } else {
    throw Error::validation("config.url: the page is " + type + ", not text");
  }
  output["source"] = Json("direct");
  return output;
}

}  // namespace

sdk::ExtensionInfo WebReadNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "web.read";
  info.display_name = "Read Web Page";
  info.description =
      "Reads a web page as text: through a Jina-reader-compatible service when the workspace has "
      "its key, otherwise by fetching the page and keeping its readable text.";
  info.category = sdk::Category::Integration;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("url":{"type":"string","minLength":1,"maxLength":8192},)"
      R"("max_content_bytes":{"type":"integer","minimum":1,"maximum":1000000,"default":100000},)"
      R"("reader_url":{"type":"string","default":"https://r.jina.ai",)"
      R"("description":"the reader service speaking the Jina reader request and answer shape"},)"
      R"("api_key_secret":{"type":"string","default":"JINA_API_KEY",)"
      R"("description":"name of the workspace secret holding the reader's key; none: direct fetch"}},)"
      R"("required":["url"],"additionalProperties":false})";
  info.inputs = {{"main", ORC_PORT_OPTIONAL}};
  info.outputs = {{"main"}};
  return info;
}

WebReadNode::WebReadNode(const Json& config) {
  if (config.stringOr("url", "").empty()) throw Error::validation("config.url is required");
}

sdk::NodeResult WebReadNode::execute(sdk::NodeContext& context) const {
  const Json& config = context.config();
  const std::string url = config.stringOr("url", "");
  requireHttpUrl(url, "config.url");
  const Json* max_value = config.find("max_content_bytes");
  const std::int64_t max_content_bytes =
      max_value != nullptr && max_value->isNumber() ? max_value->asInt() : kDefaultMaxContentBytes;
  const auto bound =
      static_cast<std::size_t>(max_content_bytes > 0 ? max_content_bytes : kDefaultMaxContentBytes);
  const std::optional<std::string> key =
      optionalKey(context.host(), config.stringOr("api_key_secret", ""));
  const Json output = key ? viaReader(context, url, *key, bound) : direct(context, url, bound);
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::web_tools
