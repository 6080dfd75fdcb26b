#include "WebHttp.hpp"

#include <cctype>

#include "orchestra/sdk/AiHttpError.hpp"

namespace orchestra::plugins::web_tools {

using sdk::Error;

std::string percentEncoded(std::string_view text) {
  static constexpr std::string_view kHexDigits = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char character : text) {
    const auto byte = static_cast<unsigned char>(character);
    const bool unreserved = std::isalnum(byte) != 0 || character == '-' || character == '_' ||
                            character == '.' || character == '~';
    if (unreserved) {
      encoded += character;
      continue;
    }
    encoded += '%';
    encoded += kHexDigits[byte >> 4U];
    encoded += kHexDigits[byte & 0x0FU];
  }
  return encoded;
}

std::optional<std::string> optionalKey(const sdk::HostApi& host, const std::string& secret_name) {
  if (secret_name.empty()) return std::nullopt;
  std::optional<std::string> key = host.secret(secret_name);
  if (key && key->empty()) return std::nullopt;
  return key;
}

Error providerError(std::string_view provider, const sdk::HttpResponse& response,
                    std::string_view key) {
  const int status = response.status_code;
  std::string message = std::string(provider) + " answered HTTP " + std::to_string(status);
  const std::string excerpt = sdk::redactedExcerpt(response.body, key, 200);
  if (!excerpt.empty()) message += ": " + excerpt;
  if (sdk::isTransientHttpStatus(status)) {
    if (auto retry = sdk::retryAfterText(response.header("retry-after"))) {
      message += " (" + *retry + ")";
    }
    return Error::transient(message).retryAfter(sdk::retryAfterMs(response.header("retry-after")));
  }
  if (status == 400 || status == 422) return Error::validation(message);
  return Error::permanent(message);
}

void requireHttpUrl(const std::string& url, std::string_view field) {
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const bool has_host = url.size() > url.find("://") + 3;
  if (!http || !has_host) {
    throw Error::validation(std::string(field) + " must be an absolute http(s) URL");
  }
}

std::string withoutTrailingSlash(std::string base) {
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base;
}

}  // namespace orchestra::plugins::web_tools
