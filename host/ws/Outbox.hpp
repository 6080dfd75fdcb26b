// What waits to be sent to one WebSocket client: frames queued by any thread (bus publishers,
// the snapshot reader), sent by the client's connection on the reactor thread. Bounded: a client
// that does not read is closed (1013) and its queue dropped, so it never costs the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace orchestra::ws {

struct CloseRequest {
  std::uint16_t code;
  std::string reason;
};

class Outbox {
 public:
  Outbox(std::uint64_t client_id, std::size_t limit_bytes)
      : client_id_(client_id), limit_bytes_(limit_bytes) {}

  std::uint64_t clientId() const { return client_id_; }

  // THREAD: any. Queues a frame (shared: one encoding serves every subscriber). Returns true
  // when the caller must have the connection flushed (the first change since its last flush).
  // Over the limit, the queue is dropped and a 1013 close requested instead.
  bool push(std::shared_ptr<const std::string> frame);
  // THREAD: any. Asks the connection to close with `code`; frames still queued are not sent.
  // The first request wins. Returns true as push() does.
  bool requestClose(std::uint16_t code, std::string reason);

  // Reactor thread (the connection): the next frame to send, or null.
  std::shared_ptr<const std::string> front();
  void popFront();
  // Reactor thread: called before a flush, so that changes after it schedule another.
  void flushStarted();
  std::optional<CloseRequest> closeRequest();
  std::size_t queuedBytes();

 private:
  const std::uint64_t client_id_;
  const std::size_t limit_bytes_;
  std::mutex mutex_;
  std::deque<std::shared_ptr<const std::string>> frames_;
  std::size_t bytes_ = 0;
  std::optional<CloseRequest> close_;
  bool flush_pending_ = false;
};

}  // namespace orchestra::ws
