#include "host/ws/Hub.hpp"

#include <algorithm>
#include <deque>

#include "host/errors/ApiError.hpp"
#include "host/http/Reactor.hpp"
#include "host/ws/Connection.hpp"
#include "host/ws/Frame.hpp"

namespace orchestra::ws {

namespace {

constexpr auto kMaintenanceInterval = std::chrono::milliseconds(200);
// State is committed before its event is published, so the event of a state the snapshot
// already shows can reach the hub just after the snapshot was sent. For this long after the
// snapshot, live events still pass the snapshot's filter (the gap is a commit-to-publish hop:
// microseconds in process, a Redis round trip between instances).
constexpr auto kSnapshotEchoWindow = std::chrono::seconds(2);

// The event's JSON object with "seq" as its first member.
std::string withSequence(std::string_view object_json, std::uint64_t seq) {
  std::string out = "{\"seq\":" + std::to_string(seq);
  std::string_view rest = object_json.substr(1);  // after '{'
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n'))
    rest.remove_prefix(1);
  if (!rest.empty() && rest.front() != '}') out += ',';
  out += rest;
  return out;
}

}  // namespace

// One event as sent: encoded once, shared by the channel's recent events, held lists and every
// subscriber's outbox.
struct Hub::Encoded {
  std::uint64_t seq = 0;
  std::string frame;
  std::size_t header = 0;  // frame bytes before the message
  std::chrono::steady_clock::time_point received;

  std::string_view message() const { return std::string_view(frame).substr(header); }
};

struct Hub::Channel {
  struct Member {
    std::shared_ptr<Client> client;
    bool holding = true;  // while the client's snapshot is read
    std::vector<std::shared_ptr<const Encoded>> held;
    // After the snapshot, until `echo_until`: drops the late events of states it showed.
    std::function<bool(std::string_view)> shown_in_snapshot;
    std::chrono::steady_clock::time_point echo_until;
  };

  std::mutex mutex;
  std::vector<Member> members;
  std::deque<std::shared_ptr<const Encoded>> recent;
  std::uint64_t last_seq = 0;
  bool heard_any = false;
  std::chrono::steady_clock::time_point empty_since;
  std::unique_ptr<bus::Subscription> subscription;  // guarded by the hub's mutex
};

// A place among the instance's connections, given back when the socket is gone.
class Hub::Admission {
 public:
  Admission(Hub& hub, std::string user_id) : hub_(hub), user_id_(std::move(user_id)) {}
  ~Admission() {
    std::lock_guard lock(hub_.mutex_);
    --hub_.admitted_;
    auto it = hub_.per_user_.find(user_id_);
    if (it != hub_.per_user_.end() && --it->second == 0) hub_.per_user_.erase(it);
  }
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

 private:
  Hub& hub_;
  std::string user_id_;
};

void Client::send(std::string_view message_json) {
  if (outbox_.push(std::make_shared<const std::string>(encodeFrame(Opcode::kText, message_json)))) {
    hub_.scheduleFlush(id_);
  }
}

void Client::close(std::uint16_t code, std::string reason) {
  if (outbox_.requestClose(code, std::move(reason))) hub_.scheduleFlush(id_);
}

Hub::Hub(bus::EventBus& bus, const config::WebSocketSettings& settings, SessionCheck session_check,
         observability::Metrics& metrics)
    : bus_(bus), settings_(settings), session_check_(std::move(session_check)), metrics_(metrics) {
  maintenance_ = std::thread([this] { maintain(); });
}

Hub::~Hub() {
  {
    std::lock_guard lock(maintenance_mutex_);
    stopping_ = true;
  }
  maintenance_wake_.notify_all();
  maintenance_.join();
  // Subscriptions go first, outside the channel locks their handlers take.
  std::vector<std::unique_ptr<bus::Subscription>> subscriptions;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, channel] : channels_)
      subscriptions.push_back(std::move(channel->subscription));
  }
  subscriptions.clear();
}

std::size_t Hub::connectionCount() {
  std::lock_guard lock(mutex_);
  return admitted_;
}

http::UpgradeHandler Hub::accept(ClientSpec spec) {
  std::shared_ptr<Admission> admission;
  {
    std::lock_guard lock(mutex_);
    if (admitted_ >= static_cast<std::size_t>(settings_.max_connections)) {
      throw errors::ApiError(503, "Too many WebSocket connections; try again later");
    }
    int& mine = per_user_[spec.user_id];
    if (mine >= settings_.max_connections_per_user) {
      if (mine == 0) per_user_.erase(spec.user_id);
      throw errors::ApiError(429, "Too many WebSocket connections for this user");
    }
    ++mine;
    ++admitted_;
  }
  admission = std::make_shared<Admission>(*this, spec.user_id);
  // std::function needs copyable state: the spec travels in a shared holder.
  auto shared_spec = std::make_shared<ClientSpec>(std::move(spec));
  return [this, shared_spec, admission](http::UpgradedSocket socket) {
    return upgrade(std::move(socket), *shared_spec, admission);
  };
}

std::unique_ptr<http::ReactorHandler> Hub::upgrade(http::UpgradedSocket socket, ClientSpec& spec,
                                                   std::shared_ptr<Admission> admission) {
  reactor_.store(&socket.reactor, std::memory_order_release);
  std::shared_ptr<Client> client;
  {
    std::lock_guard lock(mutex_);
    client =
        std::make_shared<Client>(*this, next_client_id_++, spec.user_id, spec.token, spec.channels,
                                 static_cast<std::size_t>(settings_.send_queue_bytes));
    client->setSnapshotSource(spec.snapshot);
    client->setWorkspaces(spec.workspace_ids);
    clients_.emplace(client->id(), client);
  }
  std::uint64_t mark = 0;
  if (!join(client, spec.after, &mark)) {
    try {
      const Snapshot snapshot = spec.snapshot();
      client->outbox().push(std::make_shared<const std::string>(
          encodeFrame(Opcode::kText, withSequence(snapshot.message_json, mark))));
      releaseHeld(*client, snapshot.already_reflected);
    } catch (...) {
      releaseHeld(*client, [](std::string_view) { return true; });
      client->outbox().requestClose(1011, "The current state could not be read");
    }
  }
  return std::make_unique<Connection>(socket.fd, std::move(socket.already_read), socket.reactor,
                                      *this, client, std::move(spec.on_message),
                                      std::move(spec.on_close), std::move(admission));
}

bool Hub::join(const std::shared_ptr<Client>& client, const std::optional<std::uint64_t>& after,
               std::uint64_t* mark) {
  const bool may_resume = after.has_value() && client->channels().size() == 1;
  bool resumed = may_resume;
  std::lock_guard lock(mutex_);
  for (const std::string& name : client->channels()) {
    std::shared_ptr<Channel> channel = channelFor(name);
    std::lock_guard channel_lock(channel->mutex);
    Channel::Member member;
    member.client = client;
    // Resumable when nothing after `after` is missing here: the channel has been heard since
    // then and its recent events still reach back to it.
    const bool can_resume = may_resume && channel->heard_any &&
                            (*after == channel->last_seq ||
                             (!channel->recent.empty() && channel->recent.front()->seq <= *after &&
                              *after < channel->last_seq));
    if (can_resume) {
      member.holding = false;
      client->outbox().push(std::make_shared<const std::string>(encodeFrame(
          Opcode::kText,
          withSequence(R"({"type":"resumed","data":{"channel":")" + name + "\"}}", *after))));
      for (const auto& event : channel->recent) {
        if (event->seq > *after) {
          client->outbox().push(std::shared_ptr<const std::string>(event, &event->frame));
        }
      }
    } else {
      resumed = false;
      *mark = channel->last_seq;
    }
    channel->members.push_back(std::move(member));
  }
  return resumed;
}

std::shared_ptr<Hub::Channel> Hub::channelFor(const std::string& name) {
  auto found = channels_.find(name);
  if (found != channels_.end()) return found->second;
  auto channel = std::make_shared<Channel>();
  Channel* raw = channel.get();
  channel->subscription =
      bus_.subscribe(name, [this, raw](const bus::Event& event) { onEvent(*raw, event); });
  channels_.emplace(name, channel);
  return channel;
}

void Hub::onEvent(Channel& channel, const bus::Event& event) {
  if (event.payload_json.empty() || event.payload_json.front() != '{') return;
  auto encoded = std::make_shared<Encoded>();
  encoded->seq = event.seq;
  const std::string message = withSequence(event.payload_json, event.seq);
  encoded->frame = encodeFrame(Opcode::kText, message);
  encoded->header = encoded->frame.size() - message.size();
  encoded->received = std::chrono::steady_clock::now();
  std::shared_ptr<const Encoded> shared = std::move(encoded);
  std::vector<std::uint64_t> to_flush;
  std::size_t queued = 0;
  const auto now = shared->received;
  {
    std::lock_guard lock(channel.mutex);
    // A number seen before is a duplicate (a bus that reconnected and delivered it twice).
    if (channel.heard_any && event.seq <= channel.last_seq) return;
    channel.heard_any = true;
    channel.last_seq = event.seq;
    if (settings_.resume_events > 0) {
      channel.recent.push_back(shared);
      while (channel.recent.size() > static_cast<std::size_t>(settings_.resume_events))
        channel.recent.pop_front();
    }
    to_flush.reserve(channel.members.size());
    for (auto& member : channel.members) {
      if (member.holding) {
        member.held.push_back(shared);
        continue;
      }
      if (member.shown_in_snapshot) {
        if (now >= member.echo_until) {
          member.shown_in_snapshot = nullptr;
        } else if (member.shown_in_snapshot(shared->message())) {
          continue;
        }
      }
      ++queued;
      if (member.client->outbox().push(
              std::shared_ptr<const std::string>(shared, &shared->frame))) {
        to_flush.push_back(member.client->id());
      }
    }
  }
  metrics_.messagesQueued(queued);
  if (!to_flush.empty()) scheduleFlushes(std::move(to_flush));
}

void Hub::releaseHeld(Client& client, const std::function<bool(std::string_view)>& reflected) {
  std::lock_guard lock(mutex_);
  for (const std::string& name : client.channels()) {
    auto found = channels_.find(name);
    if (found == channels_.end()) continue;
    Channel& channel = *found->second;
    std::lock_guard channel_lock(channel.mutex);
    for (auto& member : channel.members) {
      if (member.client.get() != &client || !member.holding) continue;
      for (const auto& event : member.held) {
        if (reflected && reflected(event->message())) continue;
        client.outbox().push(std::shared_ptr<const std::string>(event, &event->frame));
      }
      member.held.clear();
      member.held.shrink_to_fit();
      member.holding = false;
      member.shown_in_snapshot = reflected;
      member.echo_until = std::chrono::steady_clock::now() + kSnapshotEchoWindow;
    }
  }
}

void Hub::scheduleFlush(std::uint64_t client_id) {
  scheduleFlushes({client_id});
}

void Hub::scheduleFlushes(std::vector<std::uint64_t> client_ids) {
  http::Reactor* reactor = reactor_.load(std::memory_order_acquire);
  // Before the first connection reached the reactor there is nothing to flush: a connection
  // flushes everything queued when the reactor takes it.
  if (reactor == nullptr) return;
  reactor->post([this, ids = std::move(client_ids)] {
    for (const std::uint64_t id : ids) {
      auto found = live_.find(id);
      if (found != live_.end()) found->second->flush();
    }
  });
}

void Hub::connected(Connection& connection) {
  live_[connection.clientId()] = &connection;
  metrics_.connectionOpened();
}

void Hub::disconnected(Connection& connection, Client& client) {
  if (live_.erase(connection.clientId()) > 0) metrics_.connectionClosed();
  std::lock_guard lock(mutex_);
  clients_.erase(client.id());
  const auto now = std::chrono::steady_clock::now();
  for (const std::string& name : client.channels()) {
    auto found = channels_.find(name);
    if (found == channels_.end()) continue;
    Channel& channel = *found->second;
    std::lock_guard channel_lock(channel.mutex);
    auto& members = channel.members;
    members.erase(std::remove_if(members.begin(), members.end(),
                                 [&client](const Channel::Member& member) {
                                   return member.client.get() == &client;
                                 }),
                  members.end());
    if (members.empty()) channel.empty_since = now;
  }
}

void Hub::maintain() {
  auto next_session_check =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.auth_recheck_ms);
  std::unique_lock lock(maintenance_mutex_);
  while (!stopping_) {
    maintenance_wake_.wait_for(lock, kMaintenanceInterval);
    if (stopping_) break;
    lock.unlock();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_session_check) {
      checkSessions();
      next_session_check = now + std::chrono::milliseconds(settings_.auth_recheck_ms);
    }
    forgetIdleChannels(now);
    if (const std::uint64_t recoveries = bus_.recoveries(); recoveries != bus_recoveries_seen_) {
      bus_recoveries_seen_ = recoveries;
      resendSnapshots();
    }
    lock.lock();
  }
}

void Hub::closeAll(std::uint16_t code, const std::string& reason) {
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : clients_) {
      if (auto client = weak.lock()) clients.push_back(std::move(client));
    }
  }
  for (const auto& client : clients)
    client->close(code, reason);
}

void Hub::resendSnapshots() {
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : clients_) {
      if (auto client = weak.lock()) clients.push_back(std::move(client));
    }
  }
  for (const auto& client : clients) {
    if (!client->snapshotSource()) continue;
    std::uint64_t last_seq = 0;
    {
      std::lock_guard lock(mutex_);
      for (const std::string& name : client->channels()) {
        auto found = channels_.find(name);
        if (found == channels_.end()) continue;
        std::lock_guard channel_lock(found->second->mutex);
        last_seq = std::max(last_seq, found->second->last_seq);
      }
    }
    try {
      client->send(withSequence(client->snapshotSource()().message_json, last_seq));
    } catch (...) {
      client->close(1011, "The current state could not be read");
    }
  }
}

void Hub::checkSessions() {
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(mutex_);
    clients.reserve(clients_.size());
    for (auto& [id, weak] : clients_) {
      if (auto client = weak.lock()) clients.push_back(std::move(client));
    }
  }
  // One check per token and set of workspaces however many sockets share them.
  std::unordered_map<std::string, bool> valid;
  for (const auto& client : clients) {
    std::string key = client->token();
    for (const std::string& workspace_id : client->workspaces())
      key.append(1, ' ').append(workspace_id);
    auto [entry, inserted] = valid.try_emplace(std::move(key), true);
    if (inserted) entry->second = session_check_(client->token(), client->workspaces());
    if (!entry->second) {
      metrics_.closedForSession();
      client->close(close_code::kPolicyViolation,
                    "Session expired or revoked, or no longer a member of the workspace");
    }
  }
}

void Hub::forgetIdleChannels(std::chrono::steady_clock::time_point now) {
  const auto window = std::chrono::milliseconds(settings_.resume_window_ms);
  std::vector<std::pair<std::shared_ptr<Channel>, std::unique_ptr<bus::Subscription>>> forgotten;
  {
    std::lock_guard lock(mutex_);
    for (auto it = channels_.begin(); it != channels_.end();) {
      Channel& channel = *it->second;
      std::lock_guard channel_lock(channel.mutex);
      while (!channel.recent.empty() && now - channel.recent.front()->received > window)
        channel.recent.pop_front();
      if (channel.members.empty() && now - channel.empty_since >= window) {
        forgotten.emplace_back(it->second, std::move(channel.subscription));
        it = channels_.erase(it);
      } else {
        ++it;
      }
    }
  }
  // Each subscription goes before its channel: its handler may still be running on it.
  for (auto& [channel, subscription] : forgotten)
    subscription.reset();
}

}  // namespace orchestra::ws
