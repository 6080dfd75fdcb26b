#include "host/http/Request.hpp"

#include "host/errors/ApiError.hpp"
#include "host/text/PercentDecoding.hpp"

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

namespace {

std::string decodedQueryPart(std::string_view part) {
  auto decoded = text::percentDecode(part, true);
  if (!decoded)
    throw errors::ApiError::badRequest("Malformed percent-encoding in the query string");
  return std::move(*decoded);
}

// Calls visit(value) for each `name=value` pair of the query whose decoded name is `name`,
// until visit returns false.
template <typename Visit>
void forEachQueryValue(std::string_view query, std::string_view name, Visit&& visit) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (decodedQueryPart(pair.substr(0, eq)) != name) continue;
    const std::string value =
        eq == std::string_view::npos ? std::string() : decodedQueryPart(pair.substr(eq + 1));
    if (!visit(value)) return;
  }
}

}  // namespace

std::optional<std::string> Request::queryParam(std::string_view name) const {
  std::optional<std::string> first;
  forEachQueryValue(query_, name, [&first](const std::string& value) {
    first = value;
    return false;
  });
  return first;
}

std::vector<std::string> Request::queryParams(std::string_view name) const {
  std::vector<std::string> values;
  forEachQueryValue(query_, name, [&values](const std::string& value) {
    values.push_back(value);
    return true;
  });
  return values;
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
