// Where redis.url points: host, port, password and database number, parsed once for every
// Redis user in the host (rate limits, the event bus), so they agree on what a URL means.
#pragma once

#include <string>

namespace orchestra::config {

struct RedisEndpoint {
  std::string host;
  int port = 6379;
  std::string password;  // empty: no AUTH
  int database_index = 0;
};

// redis://[:password@]host[:port][/db]. Throws std::invalid_argument naming redis.url when the
// text is not such a URL.
RedisEndpoint parseRedisUrl(const std::string& url);

}  // namespace orchestra::config
