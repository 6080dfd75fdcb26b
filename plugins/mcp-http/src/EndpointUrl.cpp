#include "EndpointUrl.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::mcp_http {

namespace {

// "scheme://host:port" of an absolute URL.
std::string originOf(const std::string& url) {
  const std::size_t authority = url.find("://");
  if (authority == std::string::npos) return {};
  return url.substr(0, url.find_first_of("/?#", authority + 3));
}

}  // namespace

std::string resolveEndpoint(const std::string& stream_url, const std::string& endpoint) {
  const std::string origin = originOf(stream_url);
  if (endpoint.rfind("http://", 0) == 0 || endpoint.rfind("https://", 0) == 0) {
    if (originOf(endpoint) != origin) {
      throw sdk::Error(
          ORC_ERR_PERMISSION_DENIED, sdk::ErrorClass::Permanent,
          "the MCP server's endpoint " + endpoint + " is on another origin than " + origin);
    }
    return endpoint;
  }
  if (!endpoint.empty() && endpoint.front() == '/') return origin + endpoint;
  const std::string path = stream_url.substr(origin.size());
  const std::string directory = path.substr(0, path.find_first_of("?#"));
  return origin + directory.substr(0, directory.rfind('/') + 1) + endpoint;
}

}  // namespace orchestra::plugins::mcp_http
