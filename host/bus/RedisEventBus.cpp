#include "host/bus/RedisEventBus.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <stdexcept>

#include "host/bus/SequenceStart.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::bus {

namespace {

// KEYS[1] the channel's counter; ARGV: clock start, floor, ttl ms, pub/sub channel, payload.
// An absent counter starts at the publisher's clock, so a counter that expired or was lost with
// Redis continues above the numbers sent before; the floor lifts it above numbers this instance
// issued while Redis was unreachable. Numbers are formatted with %d: Lua's own number-to-text
// conversion keeps only 14 digits.
constexpr const char* kPublishScript =
    "local current = redis.call('GET', KEYS[1]) "
    "if not current then redis.call('SET', KEYS[1], ARGV[1]) current = ARGV[1] end "
    "if tonumber(current) < tonumber(ARGV[2]) then redis.call('SET', KEYS[1], ARGV[2]) end "
    "local seq = redis.call('INCR', KEYS[1]) "
    "redis.call('PEXPIRE', KEYS[1], ARGV[3]) "
    "redis.call('PUBLISH', ARGV[4], string.format('%d', seq) .. ' ' .. ARGV[5]) "
    "return seq";

// Lifts a channel's counter to at least ARGV[1]: run at reconnect for the channels numbered
// here during the outage, so the next numbers other instances publish are above them too.
constexpr const char* kLiftScript =
    "local current = redis.call('GET', KEYS[1]) "
    "if not current or tonumber(current) < tonumber(ARGV[1]) then "
    "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end "
    "return 1";
// Lift commands sent before their replies are read.
constexpr std::size_t kLiftBatch = 1000;

// How often the reader wakes to notice shutdown, and how long the subscriber connection may be
// silent before a PING checks it (and that PING's answer may take).
constexpr std::chrono::milliseconds kReadSlice{100};
constexpr std::chrono::milliseconds kSilenceBeforePing{1000};
// Channels whose local numbers are remembered one by one while Redis is down.
constexpr std::size_t kMaxFloors = 100'000;

// Redis glob patterns treat these as special; a prefix containing them must match literally.
std::string globEscaped(const std::string& text) {
  std::string escaped;
  for (const char character : text) {
    if (character == '*' || character == '?' || character == '[' || character == ']' ||
        character == '\\') {
      escaped += '\\';
    }
    escaped += character;
  }
  return escaped;
}

}  // namespace

RedisEventBusSettings redisEventBusSettingsFrom(const config::RedisSettings& settings) {
  RedisEventBusSettings result;
  result.endpoint = config::parseRedisUrl(settings.url);
  result.key_prefix = settings.key_prefix;
  result.io_timeout = std::min(result.io_timeout, std::chrono::milliseconds(settings.timeout_ms));
  result.idle_publish_connections = static_cast<std::size_t>(settings.pool_size);
  return result;
}

class RedisEventBus::Token final : public Subscription {
 public:
  Token(RedisEventBus& bus, std::string channel, std::uint64_t id)
      : bus_(bus), channel_(std::move(channel)), id_(id) {}
  Token(const Token&) = delete;
  Token& operator=(const Token&) = delete;
  ~Token() override {
    // The exclusive lock waits for running handlers: none runs after this returns.
    std::unique_lock lock(bus_.handlers_mutex_);
    bus_.handlers_.remove(channel_, id_);
    if (channel_ == "*") {
      if (--bus_.everything_subscribers_ == 0) {
        bus_.sendSubscription(bus_.subscribeCommand(channel_, false), 1);
      }
      return;
    }
    auto state = bus_.channels_.find(channel_);
    if (state != bus_.channels_.end() && --state->second->subscribers == 0) {
      bus_.forgotten_high_ = std::max(bus_.forgotten_high_, state->second->last);
      bus_.channels_.erase(state);
      bus_.sendSubscription(bus_.subscribeCommand(channel_, false), 1);
    }
  }

 private:
  RedisEventBus& bus_;
  std::string channel_;
  std::uint64_t id_;
};

RedisEventBus::RedisEventBus(RedisEventBusSettings settings, observability::Metrics& metrics)
    : settings_(std::move(settings)), metrics_(metrics) {
  metrics_.setConnected(false);
  reader_ = std::thread([this] { runReader(); });
  std::unique_lock lock(wake_mutex_);
  // Connect, AUTH and SELECT each take io_timeout at most; the slack covers scheduling.
  wake_cv_.wait_for(lock, settings_.io_timeout * 4, [this] { return first_attempt_done_; });
}

RedisEventBus::~RedisEventBus() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  reader_.join();
  std::lock_guard lock(subscriber_mutex_);
  subscriber_.reset();
}

// ---- publishing ------------------------------------------------------------------------------

void RedisEventBus::publish(Event event) {
  const bool tried = connected_.load();
  if (tried && publishThroughRedis(event)) return;
  metrics_.degraded(tried);
  deliverLocally(std::move(event));
}

bool RedisEventBus::publishThroughRedis(const Event& event) noexcept {
  try {
    PublisherConnection publisher = borrowPublisher();
    const std::uint64_t floor = floorFor(event.channel);
    Poco::Redis::Array command;
    command << "EVAL" << kPublishScript << "1" << settings_.key_prefix + "seq:" + event.channel
            << std::to_string(sequenceStart()) << std::to_string(floor)
            << std::to_string(settings_.sequence_ttl.count())
            << settings_.key_prefix + event.channel << event.payload_json;
    const RedisReply reply = publisher.connection->call(command);
    if (reply.kind != RedisReply::Kind::Integer) {
      throw std::runtime_error("the publish script answered something else than a number");
    }
    givePublisherBack(std::move(publisher));
    if (floor != 0) forgetFloor(event.channel, floor);
    metrics_.published();
    return true;
  } catch (const std::exception& error) {
    markLost(error.what());
  } catch (...) {
    markLost("unknown error");
  }
  return false;
}

void RedisEventBus::deliverLocally(Event event) {
  std::shared_lock lock(handlers_mutex_);
  const auto named = channels_.find(event.channel);
  if (named != channels_.end()) {
    ChannelState& state = *named->second;
    std::lock_guard order(state.order);
    event.seq = issueLocalNumber(event.channel, &state);
    handlers_.callAll(event.channel, event);
    handlers_.callAll("*", event);
    return;
  }
  if (everything_subscribers_ == 0) return;  // no one here to tell, no number to remember
  std::lock_guard order(unnamed_order_);
  event.seq = issueLocalNumber(event.channel, nullptr);
  handlers_.callAll("*", event);
}

std::uint64_t RedisEventBus::issueLocalNumber(const std::string& channel, ChannelState* named) {
  std::lock_guard lock(floors_mutex_);
  const auto found = floors_.find(channel);
  std::uint64_t base = found != floors_.end() ? found->second : overflow_floor_;
  // A channel heard by name continues the numbers it saw; any other starts at the clock (or
  // above a forgotten channel's numbers, as the in-process bus does).
  if (named != nullptr && named->last != 0) {
    base = std::max(base, named->last);
  } else {
    base = std::max({base, sequenceStart(), forgotten_high_});
  }
  const std::uint64_t seq = base + 1;
  if (named != nullptr) named->last = seq;
  if (found != floors_.end()) {
    found->second = seq;
  } else if (floors_.size() < kMaxFloors) {
    floors_.emplace(channel, seq);
  } else {
    overflow_floor_ = std::max(overflow_floor_, seq);
  }
  has_floors_ = true;
  return seq;
}

std::uint64_t RedisEventBus::floorFor(const std::string& channel) {
  if (!has_floors_.load()) return 0;
  std::lock_guard lock(floors_mutex_);
  const auto found = floors_.find(channel);
  return std::max(found != floors_.end() ? found->second : 0, overflow_floor_);
}

void RedisEventBus::forgetFloor(const std::string& channel, std::uint64_t floor) {
  // Redis's counter is at or above `floor` now; a number issued here since then stays.
  std::lock_guard lock(floors_mutex_);
  const auto found = floors_.find(channel);
  if (found != floors_.end() && found->second <= floor) floors_.erase(found);
  has_floors_ = !floors_.empty() || overflow_floor_ != 0;
}

RedisEventBus::PublisherConnection RedisEventBus::borrowPublisher() {
  const std::uint64_t generation = generation_.load();
  {
    std::lock_guard lock(publishers_mutex_);
    while (!idle_publishers_.empty()) {
      PublisherConnection idle = std::move(idle_publishers_.back());
      idle_publishers_.pop_back();
      if (idle.generation == generation) return idle;
    }
  }
  PublisherConnection fresh;
  fresh.generation = generation;
  fresh.connection = std::make_unique<RedisConnection>(settings_.endpoint, settings_.io_timeout);
  return fresh;
}

void RedisEventBus::givePublisherBack(PublisherConnection publisher) {
  // A connection from before a reconnect may be to the server that went away.
  if (publisher.generation != generation_.load()) return;
  std::lock_guard lock(publishers_mutex_);
  if (idle_publishers_.size() < settings_.idle_publish_connections) {
    idle_publishers_.push_back(std::move(publisher));
  }
}

void RedisEventBus::markLost(const std::string& reason) {
  if (!connected_.exchange(false)) return;
  metrics_.setConnected(false);
  {
    std::lock_guard lock(publishers_mutex_);
    idle_publishers_.clear();
  }
  observability::logWarning("bus", "Redis connection lost; events reach this instance only",
                            {{"error", reason}});
}

// ---- subscribing -----------------------------------------------------------------------------

Poco::Redis::Array RedisEventBus::subscribeCommand(const std::string& channel,
                                                   bool subscribe) const {
  Poco::Redis::Array command;
  if (channel == "*") {
    command << (subscribe ? "PSUBSCRIBE" : "PUNSUBSCRIBE")
            << globEscaped(settings_.key_prefix) + "*";
  } else {
    command << (subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE") << settings_.key_prefix + channel;
  }
  return command;
}

std::unique_ptr<Subscription> RedisEventBus::subscribe(std::string channel, EventHandler handler) {
  SubscriptionTicket ticket;
  std::uint64_t id = 0;
  {
    std::unique_lock lock(handlers_mutex_);
    bool first = false;
    if (channel == "*") {
      first = everything_subscribers_++ == 0;
    } else {
      auto& state = channels_[channel];
      if (!state) {
        state = std::make_unique<ChannelState>();
        first = true;
      }
      ++state->subscribers;
    }
    id = handlers_.add(channel, std::move(handler));
    if (first) ticket = sendSubscription(subscribeCommand(channel, true), 1);
  }
  awaitConfirmation(ticket);
  return std::make_unique<Token>(*this, std::move(channel), id);
}

RedisEventBus::SubscriptionTicket RedisEventBus::sendSubscription(const Poco::Redis::Array& command,
                                                                  std::uint64_t channels) {
  std::lock_guard lock(subscriber_mutex_);
  // Without a connection the reader subscribes to everything when it connects.
  if (!subscriber_) return {};
  try {
    subscriber_->send(command);
  } catch (const std::exception& error) {
    markLost(error.what());  // the reader notices and reconnects
    return {};
  }
  std::lock_guard confirm(confirm_mutex_);
  requested_ += channels;
  return {confirm_generation_, requested_};
}

void RedisEventBus::awaitConfirmation(SubscriptionTicket ticket) {
  if (ticket.number == 0) return;
  std::unique_lock lock(confirm_mutex_);
  confirmed_cv_.wait_for(lock, settings_.io_timeout, [&] {
    return confirm_generation_ != ticket.generation || confirmed_ >= ticket.number;
  });
}

// ---- the reader thread -----------------------------------------------------------------------

void RedisEventBus::runReader() {
  std::chrono::milliseconds retry = settings_.first_retry;
  while (!stopping_.load()) {
    if (!subscriber_) {
      const bool connected = connectSubscriber();
      announceFirstAttempt();
      if (!connected) {
        std::unique_lock lock(wake_mutex_);
        wake_cv_.wait_for(lock, retry, [this] { return stopping_.load(); });
        retry = std::min(retry * 2, settings_.longest_retry);
        continue;
      }
      retry = settings_.first_retry;
    }
    readSubscriber();
  }
}

void RedisEventBus::announceFirstAttempt() {
  {
    std::lock_guard lock(wake_mutex_);
    if (first_attempt_done_) return;
    first_attempt_done_ = true;
  }
  wake_cv_.notify_all();
}

bool RedisEventBus::connectSubscriber() {
  std::unique_ptr<RedisConnection> connection;
  try {
    connection = std::make_unique<RedisConnection>(settings_.endpoint, settings_.io_timeout);
  } catch (const std::exception& error) {
    // Once at start-up; a lost connection was announced when it was lost.
    if (!announced_down_ && !ever_connected_) {
      announced_down_ = true;
      observability::logWarning("bus",
                                "Redis unreachable; events reach this instance only until it is",
                                {{"error", error.what()}});
    }
    return false;
  }
  std::uint64_t awaited = 0;
  try {
    // Under the handlers lock: a subscribe after this sends its own command on the new
    // connection, one before is in the list.
    std::shared_lock handlers(handlers_mutex_);
    std::lock_guard lock(subscriber_mutex_);
    std::uint64_t channels = 0;
    if (!channels_.empty()) {
      Poco::Redis::Array command;
      command << "SUBSCRIBE";
      for (const auto& [channel, state] : channels_)
        command << settings_.key_prefix + channel;
      connection->send(command);
      channels += channels_.size();
    }
    if (everything_subscribers_ > 0) {
      connection->send(subscribeCommand("*", true));
      ++channels;
    }
    subscriber_ = std::move(connection);
    std::lock_guard confirm(confirm_mutex_);
    ++confirm_generation_;
    requested_ = channels;
    confirmed_ = 0;
    awaited = channels;
  } catch (const std::exception& error) {
    observability::logDebug("bus", "Redis subscribe failed", {{"error", error.what()}});
    return false;
  }
  // Publishing through Redis resumes only once the subscriptions are in place, so this
  // instance's subscribers miss none of the events numbered there.
  const auto deadline = Clock::now() + settings_.io_timeout;
  last_heard_ = Clock::now();
  ping_sent_ = {};
  try {
    for (;;) {
      {
        std::lock_guard confirm(confirm_mutex_);
        if (confirmed_ >= awaited) break;
      }
      std::optional<RedisReply> reply = subscriber_->read(deadline);
      if (!reply) throw std::runtime_error("Redis did not confirm the subscriptions in time");
      handleReply(*reply);
    }
  } catch (const std::exception& error) {
    dropSubscriber(error.what());
    return false;
  }
  if (!liftCounters()) {
    dropSubscriber("could not lift the counters of channels numbered during the outage");
    return false;
  }
  ++generation_;
  connected_ = true;
  metrics_.setConnected(true);
  observability::logInfo("bus", ever_connected_ ? "Redis reconnected" : "connected to Redis",
                         {{"host", settings_.endpoint.host},
                          {"port", static_cast<std::int64_t>(settings_.endpoint.port)}});
  // Set after connected_: whoever sees the count grow and reads state afresh sees it through
  // Redis again.
  if (ever_connected_) ++recoveries_;
  ever_connected_ = true;
  return true;
}

bool RedisEventBus::liftCounters() {
  std::vector<std::pair<std::string, std::uint64_t>> floors;
  {
    std::lock_guard lock(floors_mutex_);
    floors.assign(floors_.begin(), floors_.end());
  }
  if (floors.empty()) return true;
  try {
    RedisConnection connection(settings_.endpoint, settings_.io_timeout);
    for (std::size_t start = 0; start < floors.size(); start += kLiftBatch) {
      const std::size_t end = std::min(floors.size(), start + kLiftBatch);
      for (std::size_t index = start; index < end; ++index) {
        Poco::Redis::Array lift;
        lift << "EVAL" << kLiftScript << "1" << settings_.key_prefix + "seq:" + floors[index].first
             << std::to_string(floors[index].second)
             << std::to_string(settings_.sequence_ttl.count());
        connection.send(lift);
      }
      const auto deadline = Clock::now() + settings_.io_timeout;
      for (std::size_t index = start; index < end; ++index) {
        const std::optional<RedisReply> reply = connection.read(deadline);
        if (!reply || reply->kind == RedisReply::Kind::Error) return false;
      }
    }
  } catch (const std::exception& error) {
    observability::logDebug("bus", "lifting counters failed", {{"error", error.what()}});
    return false;
  }
  for (const auto& [channel, floor] : floors)
    forgetFloor(channel, floor);
  return true;
}

void RedisEventBus::readSubscriber() {
  try {
    // A publisher found Redis gone: this connection is probably dead too, and reconnecting is
    // how publishing comes back.
    if (!connected_.load()) throw std::runtime_error("a publish failed");
    const auto now = Clock::now();
    if (ping_sent_ != Clock::time_point{} && now - ping_sent_ > kSilenceBeforePing) {
      throw std::runtime_error("Redis did not answer a PING");
    }
    if (ping_sent_ == Clock::time_point{} && now - last_heard_ > kSilenceBeforePing) {
      Poco::Redis::Array ping;
      ping << "PING";
      std::lock_guard lock(subscriber_mutex_);
      subscriber_->send(ping);
      ping_sent_ = now;
    }
    std::optional<RedisReply> reply = subscriber_->read(now + kReadSlice);
    if (!reply) return;
    last_heard_ = Clock::now();
    ping_sent_ = {};
    handleReply(*reply);
  } catch (const std::exception& error) {
    markLost(error.what());
    dropSubscriber(error.what());
  }
}

void RedisEventBus::dropSubscriber(const std::string& reason) {
  observability::logDebug("bus", "Redis subscriber connection closed", {{"error", reason}});
  {
    std::lock_guard lock(subscriber_mutex_);
    subscriber_.reset();
  }
  {
    std::lock_guard confirm(confirm_mutex_);
    ++confirm_generation_;  // nobody waits for confirmations that will never come
  }
  confirmed_cv_.notify_all();
}

void RedisEventBus::handleReply(const RedisReply& reply) {
  if (reply.kind == RedisReply::Kind::Error) throw std::runtime_error("Redis: " + reply.text);
  if (reply.kind != RedisReply::Kind::Array || reply.elements.empty()) return;
  const std::string& kind = reply.textAt(0);
  if (kind == "message") {
    dispatchFromRedis(reply.textAt(1), reply.textAt(2), false);
  } else if (kind == "pmessage") {
    dispatchFromRedis(reply.textAt(2), reply.textAt(3), true);
  } else if (kind == "subscribe" || kind == "unsubscribe" || kind == "psubscribe" ||
             kind == "punsubscribe") {
    {
      std::lock_guard confirm(confirm_mutex_);
      ++confirmed_;
    }
    confirmed_cv_.notify_all();
  }
}

void RedisEventBus::dispatchFromRedis(const std::string& redis_channel, const std::string& data,
                                      bool everything) {
  if (!redis_channel.starts_with(settings_.key_prefix)) return;
  Event event;
  const std::size_t space = data.find(' ');
  const auto [end, error] = std::from_chars(data.data(), data.data() + data.size(), event.seq);
  if (space == std::string::npos || error != std::errc() || end != data.data() + space) {
    // Someone else's PUBLISH on our prefix, without a number: not an event of ours.
    observability::logDebug("bus", "ignored a message without a sequence number",
                            {{"channel", redis_channel}});
    return;
  }
  event.channel = redis_channel.substr(settings_.key_prefix.size());
  event.payload_json = data.substr(space + 1);
  std::shared_lock lock(handlers_mutex_);
  if (everything) {
    handlers_.callAll("*", event);
    return;
  }
  const auto named = channels_.find(event.channel);
  if (named == channels_.end()) return;  // its last subscriber left meanwhile
  ChannelState& state = *named->second;
  std::lock_guard order(state.order);
  // Numbers never go back for a handler. One at or below what it saw comes from a publish that
  // timed out here and was delivered locally already, or from an instance whose clock lags by
  // more than an outage lasted: dropped rather than shown out of order.
  if (event.seq <= state.last) return;
  state.last = event.seq;
  handlers_.callAll(event.channel, event);
}

}  // namespace orchestra::bus
