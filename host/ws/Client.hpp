// One WebSocket client as the hub's channels see it: who it is (for the session check and the
// per-user count) and its outbox. Shared by the channels it listens to and its connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "host/ws/Outbox.hpp"

namespace orchestra::ws {

class Hub;

// The present of what a client subscribes to, as one plan-shaped JSON object (the hub adds
// "seq"), and how to tell that a live event is already part of it. `already_reflected` sees the
// events that follow the snapshot's point in order, each once, and may keep state.
struct Snapshot {
  std::string message_json;
  std::function<bool(std::string_view event_json)> already_reflected;
};

class Client {
 public:
  Client(Hub& hub, std::uint64_t id, std::string user_id, std::string token,
         std::vector<std::string> channels, std::size_t send_queue_bytes)
      : hub_(hub),
        id_(id),
        user_id_(std::move(user_id)),
        token_(std::move(token)),
        channels_(std::move(channels)),
        outbox_(id, send_queue_bytes) {}

  std::uint64_t id() const { return id_; }
  const std::string& userId() const { return user_id_; }
  const std::string& token() const { return token_; }
  const std::vector<std::string>& channels() const { return channels_; }
  Outbox& outbox() { return outbox_; }

  // THREAD: any. Sends one JSON text message to this client alone.
  void send(std::string_view message_json);
  // THREAD: any. Closes the connection with `code` (what is still queued is not sent).
  void close(std::uint16_t code, std::string reason);

  // How the client's present is read (the endpoint's snapshot), kept for resending it when the
  // bus lost events. Set once, before the client is shared.
  void setSnapshotSource(std::function<Snapshot()> source) { snapshot_source_ = std::move(source); }
  const std::function<Snapshot()>& snapshotSource() const { return snapshot_source_; }
  // The workspaces its channels show (ClientSpec::workspace_ids). Set once, before sharing.
  void setWorkspaces(std::vector<std::string> workspace_ids) {
    workspace_ids_ = std::move(workspace_ids);
  }
  const std::vector<std::string>& workspaces() const { return workspace_ids_; }

 private:
  Hub& hub_;
  const std::uint64_t id_;
  const std::string user_id_;
  const std::string token_;
  const std::vector<std::string> channels_;
  Outbox outbox_;
  std::function<Snapshot()> snapshot_source_;
  std::vector<std::string> workspace_ids_;
};

}  // namespace orchestra::ws
