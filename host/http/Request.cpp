#include "host/http/Request.hpp"

#include <Poco/URI.h>

namespace orchestra::http {

Request::Request(Poco::Net::HTTPServerRequest& raw, Poco::Net::HTTPServerResponse& raw_response)
    : raw_(raw), raw_response_(raw_response) {
  const std::string& uri = raw_.getURI();
  const auto query_start = uri.find('?');
  if (query_start == std::string::npos) {
    path_ = uri;
  } else {
    path_.assign(uri, 0, query_start);
    query_.assign(uri, query_start + 1, std::string::npos);
  }
  // Absolute-form request targets ("http://host/path") are legal HTTP/1.1; keep only the path.
  if (path_.rfind("http://", 0) == 0 || path_.rfind("https://", 0) == 0) {
    const auto path_start = path_.find('/', path_.find("//") + 2);
    path_ = path_start == std::string::npos ? "/" : path_.substr(path_start);
  }
}

std::optional<std::string> Request::queryParam(std::string_view name) const {
  std::string_view rest = query_;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    std::string key;
    Poco::URI::decode(std::string(pair.substr(0, eq)), key, true);
    if (key != name) continue;
    std::string value;
    if (eq != std::string_view::npos)
      Poco::URI::decode(std::string(pair.substr(eq + 1)), value, true);
    return value;
  }
  return std::nullopt;
}

std::string_view Request::header(std::string_view name) const {
  // Poco's NameValueCollection compares names case-insensitively.
  const auto it = raw_.find(std::string(name));
  if (it == raw_.end()) return {};
  return it->second;
}

bool Request::hasHeader(std::string_view name) const {
  return raw_.has(std::string(name));
}

std::string_view Request::pathParam(std::string_view name) const {
  for (const auto& [key, value] : path_params_) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace orchestra::http
