#include "host/config/RedisEndpoint.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace orchestra::config {

RedisEndpoint parseRedisUrl(const std::string& url) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    throw std::invalid_argument("redis.url: not a URL");
  }
  if (uri.getScheme() != "redis")
    throw std::invalid_argument("redis.url: must start with redis://");
  RedisEndpoint endpoint;
  endpoint.host = uri.getHost();
  if (endpoint.host.empty()) throw std::invalid_argument("redis.url: names no host");
  endpoint.port = uri.getPort() == 0 ? 6379 : uri.getPort();
  const std::string& user_info = uri.getUserInfo();
  if (const auto colon = user_info.find(':'); colon != std::string::npos) {
    endpoint.password = user_info.substr(colon + 1);
  }
  const std::string& path = uri.getPath();
  if (!path.empty() && path != "/") {
    try {
      endpoint.database_index = std::stoi(path.substr(1));
    } catch (const std::exception&) {
      throw std::invalid_argument("redis.url: the path must be a database number");
    }
  }
  return endpoint;
}

}  // namespace orchestra::config
