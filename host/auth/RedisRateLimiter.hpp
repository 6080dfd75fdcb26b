// Rate-limit counters in Redis, shared by every instance using the same redis.url: one key per
// (budget, client, window), incremented and given its expiry atomically by one Lua script.
#pragma once

#include <Poco/Redis/Client.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/auth/RateLimiter.hpp"
#include "host/config/Config.hpp"
#include "host/config/RedisEndpoint.hpp"

namespace orchestra::auth {

class RedisRateLimiter final : public RateLimiter {
 public:
  // Parses redis.url (throws std::invalid_argument naming the key when it is malformed) and
  // opens one connection, so that an unreachable server is reported at start-up.
  explicit RedisRateLimiter(const config::RedisSettings& settings);
  ~RedisRateLimiter() override;

  RateLimitDecision hit(std::string_view key, int limit,
                        std::chrono::seconds window) noexcept override;

 private:
  std::unique_ptr<Poco::Redis::Client> borrow();
  void giveBack(std::unique_ptr<Poco::Redis::Client> client);
  std::unique_ptr<Poco::Redis::Client> connect() const;

  config::RedisEndpoint endpoint_;
  std::string key_prefix_;
  int timeout_ms_;
  std::size_t pool_size_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Poco::Redis::Client>> idle_;
};

}  // namespace orchestra::auth
