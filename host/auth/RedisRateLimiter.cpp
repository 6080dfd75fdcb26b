#include "host/auth/RedisRateLimiter.hpp"

#include <Poco/Redis/Array.h>
#include <Poco/Redis/Command.h>
#include <Poco/Redis/Error.h>

#include <algorithm>
#include <stdexcept>

#include "host/observability/Logger.hpp"

namespace orchestra::auth {

namespace {

// INCR and PEXPIRE in one script run atomically on the server, so two instances counting the
// same key can neither lose an increment nor leave a key without expiry.
constexpr const char* kIncrementScript =
    "local count = redis.call('INCR', KEYS[1]) "
    "if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
    "return count";

}  // namespace

RedisRateLimiter::RedisRateLimiter(const config::RedisSettings& settings)
    : endpoint_(config::parseRedisUrl(settings.url)),
      key_prefix_(settings.key_prefix),
      timeout_ms_(settings.timeout_ms),
      pool_size_(static_cast<std::size_t>(settings.pool_size)) {
  giveBack(connect());
}

RedisRateLimiter::~RedisRateLimiter() = default;

std::unique_ptr<Poco::Redis::Client> RedisRateLimiter::connect() const {
  const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(timeout_ms_) * 1000);
  auto client = std::make_unique<Poco::Redis::Client>();
  client->connect(endpoint_.host, endpoint_.port, timeout);
  client->setReceiveTimeout(timeout);
  if (!endpoint_.password.empty()) {
    Poco::Redis::Array auth;
    auth << "AUTH" << endpoint_.password;
    client->execute<std::string>(auth);
  }
  if (endpoint_.database_index != 0) {
    Poco::Redis::Array select;
    select << "SELECT" << std::to_string(endpoint_.database_index);
    client->execute<std::string>(select);
  }
  return client;
}

std::unique_ptr<Poco::Redis::Client> RedisRateLimiter::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  return connect();
}

void RedisRateLimiter::giveBack(std::unique_ptr<Poco::Redis::Client> client) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < pool_size_) idle_.push_back(std::move(client));
}

RateLimitDecision RedisRateLimiter::hit(std::string_view key, int limit,
                                        std::chrono::seconds window) noexcept {
  const auto since_epoch = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  const std::int64_t index = since_epoch.count() / window.count();
  const std::int64_t reset = (index + 1) * window.count() - since_epoch.count();
  RateLimitDecision decision{true, limit, limit, std::max<std::int64_t>(1, reset)};
  try {
    auto client = borrow();
    Poco::Redis::Array command;
    command << "EVAL" << kIncrementScript << "1"
            << key_prefix_ + "rl:" + std::string(key) + ":" + std::to_string(index)
            << std::to_string((reset + 1) * 1000);
    const auto count = client->execute<Poco::Int64>(command);
    giveBack(std::move(client));
    decision.allowed = count <= limit;
    decision.remaining = static_cast<int>(std::max<Poco::Int64>(0, limit - count));
  } catch (const std::exception& error) {
    // Failing open keeps the API up while Redis is down; OTP guesses stay bounded per code by
    // otp_max_attempts whatever happens here.
    observability::logError("ratelimit", "Redis unavailable; request let through",
                            {{"error", error.what()}});
  } catch (...) {
    observability::logError("ratelimit", "Redis unavailable; request let through");
  }
  return decision;
}

}  // namespace orchestra::auth
