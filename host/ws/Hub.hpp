// The WebSocket hub: every upgraded socket of the instance, the event-bus channels they listen
// to, and the recent events kept for clients that reconnect. One bus subscription per channel
// however many clients listen; each event is encoded once and its frame shared by all of them.
//
// A client's first messages are the present, then the live events, with no gap and no
// duplicate: the client joins its channels holding live events aside, the snapshot is read,
// sent, and the held events that the snapshot does not already show follow (and, for a short
// while, live ones it shows are dropped too: their state was committed before they were
// published, so the snapshot can be ahead of the bus). A client that
// reconnects with `?after=SEQ` gets the events it missed instead, while the channel's recent
// events still reach back that far (`websocket.resume_events` / `resume_window_ms`), else a
// fresh snapshot. When the bus recovers from a loss (Redis reconnected), every client gets a
// fresh snapshot too, since events of the loss may never come.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "host/bus/EventBus.hpp"
#include "host/config/Config.hpp"
#include "host/http/Response.hpp"
#include "host/ws/Client.hpp"
#include "host/ws/WebSocketMetrics.hpp"

namespace orchestra::ws {

class Connection;

struct ClientSpec {
  std::string user_id;
  std::string token;  // re-checked every websocket.auth_recheck_ms; the socket closes with 1008
  std::vector<std::string> channels;
  // The workspaces those channels show: the caller must stay a member of each (re-checked with
  // the session; a member removed or a workspace deleted closes the socket with 1008).
  std::vector<std::string> workspace_ids;
  std::optional<std::uint64_t> after;  // resume point; single-channel endpoints only
  // Worker thread. Reads the present; an exception closes the socket with 1011.
  std::function<Snapshot()> snapshot;
  // Reactor thread, quick: a text message from the client (valid UTF-8). Null: the endpoint
  // takes no messages and says so to the client.
  std::function<void(Client& client, std::string_view message)> on_message;
  // Reactor thread, once, when the socket is gone.
  std::function<void(Client& client)> on_close;
};

// Whether an access token still belongs to a live session (revoked or expired: false) whose
// user may still view every one of `workspace_ids`.
using SessionCheck =
    std::function<bool(const std::string& token, const std::vector<std::string>& workspace_ids)>;

class Hub {
 public:
  Hub(bus::EventBus& bus, const config::WebSocketSettings& settings, SessionCheck session_check,
      observability::Metrics& metrics);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Worker thread, before the 101: admits the client (errors::ApiError 503 over
  // websocket.max_connections, 429 over max_connections_per_user) and returns what the
  // connection calls after the 101.
  http::UpgradeHandler accept(ClientSpec spec);

  // THREAD: any. Closes every socket with `code` (1001 when the host stops).
  void closeAll(std::uint16_t code, const std::string& reason);

  const config::WebSocketSettings& settings() const { return settings_; }
  bus::EventBus& bus() { return bus_; }
  WebSocketMetrics& metrics() { return metrics_; }
  std::size_t connectionCount();

  // ---- For Client and Connection ----
  // THREAD: any. Has the client's connection flush its outbox on the reactor thread.
  void scheduleFlush(std::uint64_t client_id);
  // Reactor thread: the connection is on the reactor / is gone.
  void connected(Connection& connection);
  void disconnected(Connection& connection, Client& client);

 private:
  struct Encoded;
  struct Channel;
  class Admission;

  // Joins every channel of the client; true when all of them resumed from `after`.
  bool join(const std::shared_ptr<Client>& client, const std::optional<std::uint64_t>& after,
            std::uint64_t* mark);
  // Sends the held events the snapshot does not show, then lets live events through.
  void releaseHeld(Client& client, const std::function<bool(std::string_view)>& reflected);
  std::shared_ptr<Channel> channelFor(const std::string& name);
  void onEvent(Channel& channel, const bus::Event& event);
  void scheduleFlushes(std::vector<std::uint64_t> client_ids);
  std::unique_ptr<http::ReactorHandler> upgrade(http::UpgradedSocket socket, ClientSpec& spec,
                                                std::shared_ptr<Admission> admission);
  void maintain();  // the maintenance thread: session checks, forgotten channels
  void checkSessions();
  void resendSnapshots();
  void forgetIdleChannels(std::chrono::steady_clock::time_point now);

  bus::EventBus& bus_;
  const config::WebSocketSettings settings_;
  SessionCheck session_check_;
  WebSocketMetrics metrics_;
  std::atomic<http::Reactor*> reactor_{nullptr};

  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Channel>> channels_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Client>> clients_;
  std::unordered_map<std::string, int> per_user_;
  std::size_t admitted_ = 0;
  std::uint64_t next_client_id_ = 1;
  std::uint64_t bus_recoveries_seen_ = 0;  // maintenance thread only

  // Reactor thread only.
  std::unordered_map<std::uint64_t, Connection*> live_;

  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_wake_;
  bool stopping_ = false;
  std::thread maintenance_;
};

}  // namespace orchestra::ws
