// The event bus shared by every instance on one Redis: a publish numbers its event and
// PUBLISHes it in one script run, and every instance — this one too — hears it on a subscriber
// connection, so all instances see a channel's events in one order with the same numbers.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "host/bus/EventBus.hpp"
#include "host/bus/HandlerTable.hpp"
#include "host/bus/RedisBusMetrics.hpp"
#include "host/bus/RedisConnection.hpp"
#include "host/config/Config.hpp"
#include "host/config/RedisEndpoint.hpp"
#include "host/observability/Metrics.hpp"

namespace orchestra::bus {

struct RedisEventBusSettings {
  config::RedisEndpoint endpoint;
  // Keys are `<prefix>seq:<channel>`, pub/sub channels `<prefix><channel>`; "*" listens to
  // `<prefix>*` only, so other users of the database are never heard.
  std::string key_prefix = "orchestra:";
  // Connect, send and reply deadline: publishing runs on execution threads, which Redis must
  // never hold up for long.
  std::chrono::milliseconds io_timeout{200};
  // Reconnect attempts back off from the first wait, doubling, up to the longest.
  std::chrono::milliseconds first_retry{100};
  std::chrono::milliseconds longest_retry{5000};
  // How long a channel's counter outlives its last event; numbers continue from the clock after.
  std::chrono::milliseconds sequence_ttl{std::chrono::hours(24)};
  std::size_t idle_publish_connections = 16;
};

// From the `redis:` section; throws std::invalid_argument naming redis.url when malformed.
RedisEventBusSettings redisEventBusSettingsFrom(const config::RedisSettings& settings);

// Redis going away never stops or slows publishers: publish waits at most about io_timeout
// once, then, until a background thread has reconnected (with backoff), delivers to this
// instance's subscribers directly, numbering each channel's events above the last number it saw.
// On reconnecting, before publishing through Redis again, it lifts those channels' counters above
// every number issued locally, so no instance's next number is below them. Events published during
// the outage are not replayed to other instances: their WebSocket clients fill the gap from the
// snapshot they get on reconnect.
//
// THREAD: as EventBus. Handlers run on the bus's reader thread (or, while Redis is down, on the
// publishing thread); a handler must not destroy a Subscription of the same bus. A subscribe
// returns once Redis confirmed it (or after io_timeout), so an event published after that
// reaches the new handler. The bus must outlive its Subscriptions.
class RedisEventBus final : public EventBus {
 public:
  // Never throws for an unreachable Redis: it starts degraded and keeps reconnecting. Waits for
  // the first connection attempt (about io_timeout at most) so a reachable Redis is in use when
  // the constructor returns.
  RedisEventBus(RedisEventBusSettings settings, observability::Metrics& metrics);
  // Stops the reader thread and closes every connection; returns within about io_timeout.
  ~RedisEventBus() override;
  RedisEventBus(const RedisEventBus&) = delete;
  RedisEventBus& operator=(const RedisEventBus&) = delete;

  void publish(Event event) override;
  std::unique_ptr<Subscription> subscribe(std::string channel, EventHandler handler) override;

  // Whether publishes currently go through Redis (readiness, tests).
  bool connected() const noexcept { return connected_.load(); }
  // Reconnections after a loss (the first connection is not one).
  std::uint64_t recoveries() const override { return recoveries_.load(); }

 private:
  class Token;
  using Clock = std::chrono::steady_clock;

  // A channel with a subscriber by name: its handlers see its events in order under `order`,
  // and `last` is the highest number they saw (from Redis or issued here; 0: none yet).
  struct ChannelState {
    std::mutex order;
    std::uint64_t last = 0;
    int subscribers = 0;
  };
  struct SubscriptionTicket {
    std::uint64_t generation = 0;
    std::uint64_t number = 0;  // 0: nothing was sent (no connection), nothing to wait for
  };

  bool publishThroughRedis(const Event& event) noexcept;
  void deliverLocally(Event event);
  std::uint64_t issueLocalNumber(const std::string& channel, ChannelState* named);
  std::uint64_t floorFor(const std::string& channel);
  void forgetFloor(const std::string& channel, std::uint64_t floor);

  // A connection for one publish, and the connection generation it belongs to.
  struct PublisherConnection {
    std::uint64_t generation = 0;
    std::unique_ptr<RedisConnection> connection;
  };
  PublisherConnection borrowPublisher();
  void givePublisherBack(PublisherConnection publisher);

  // Sends SUBSCRIBE-like commands on the subscriber connection, if there is one.
  SubscriptionTicket sendSubscription(const Poco::Redis::Array& command, std::uint64_t channels);
  void awaitConfirmation(SubscriptionTicket ticket);
  Poco::Redis::Array subscribeCommand(const std::string& channel, bool subscribe) const;

  void runReader();
  bool connectSubscriber();
  bool liftCounters();
  void readSubscriber();
  void dropSubscriber(const std::string& reason);
  void handleReply(const RedisReply& reply);
  void dispatchFromRedis(const std::string& redis_channel, const std::string& data,
                         bool everything);
  void markLost(const std::string& reason);
  void announceFirstAttempt();

  const RedisEventBusSettings settings_;
  RedisBusMetrics metrics_;
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> recoveries_{0};
  std::atomic<bool> stopping_{false};
  // Counts successful connections: publisher connections of an earlier one are not reused.
  std::atomic<std::uint64_t> generation_{0};

  // Handlers run under a shared lock; a Subscription's destructor takes it exclusively, so no
  // handler runs after it returns.
  std::shared_mutex handlers_mutex_;
  HandlerTable handlers_;
  std::unordered_map<std::string, std::unique_ptr<ChannelState>> channels_;
  int everything_subscribers_ = 0;
  std::uint64_t forgotten_high_ = 0;  // the highest `last` of a channel no one listens to now
  std::mutex unnamed_order_;          // orders local deliveries to "*" of channels not named

  // The connection the reader thread reads; subscribers write SUBSCRIBE/UNSUBSCRIBE on it under
  // the mutex. Only the reader thread replaces or drops it.
  std::mutex subscriber_mutex_;
  std::unique_ptr<RedisConnection> subscriber_;
  // Every (un)subscribe command is confirmed once per channel, in order: a subscriber waits
  // until the confirmations reach the count at its command.
  std::mutex confirm_mutex_;
  std::condition_variable confirmed_cv_;
  std::uint64_t confirm_generation_ = 0;
  std::uint64_t requested_ = 0;
  std::uint64_t confirmed_ = 0;

  std::mutex publishers_mutex_;
  std::vector<PublisherConnection> idle_publishers_;

  // Highest numbers issued here while Redis was down, by channel: the next Redis number of the
  // channel starts above. Past the cap, channels share one floor (overflow_floor_).
  std::mutex floors_mutex_;
  std::unordered_map<std::string, std::uint64_t> floors_;
  std::uint64_t overflow_floor_ = 0;
  std::atomic<bool> has_floors_{false};

  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;  // the constructor's first attempt, backoff waits, stop
  bool first_attempt_done_ = false;
  bool ever_connected_ = false;     // reader thread only
  bool announced_down_ = false;     // reader thread only
  Clock::time_point last_heard_{};  // reader thread only
  Clock::time_point ping_sent_{};   // reader thread only; epoch: no ping outstanding
  std::thread reader_;
};

}  // namespace orchestra::bus
