// One upgraded socket on the reactor: reads and checks the client's frames, answers pings,
// sends what the client's outbox holds without ever blocking, keeps the connection alive with
// pings, and closes it cleanly (or at once, when the client is gone or broke the protocol).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "host/http/Reactor.hpp"
#include "host/ws/Client.hpp"
#include "host/ws/Frame.hpp"

namespace orchestra::ws {

class Hub;

class Connection final : public http::ReactorHandler {
 public:
  using MessageHandler = std::function<void(Client& client, std::string_view message)>;
  using CloseHandler = std::function<void(Client& client)>;

  // Takes the socket; `already_read` are bytes that followed the upgrade request. `admission`
  // is the connection's place in the hub's counts, given back when it is destroyed.
  Connection(int fd, std::string already_read, http::Reactor& reactor, Hub& hub,
             std::shared_ptr<Client> client, MessageHandler on_message, CloseHandler on_close,
             std::shared_ptr<void> admission);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int fd() const override { return fd_; }
  void onAdded() override;
  void onReadable() override;
  void onSweep(std::chrono::steady_clock::time_point now) override;
  bool wantsWrite() const override { return write_blocked_; }

  std::uint64_t clientId() const { return client_->id(); }
  // Reactor thread: sends what the outbox holds, as far as the socket takes it.
  void flush();

 private:
  enum class State { kOpen, kClosing, kClosed };

  // False when the peer is gone (the connection is then released).
  bool receive();
  void handleFrames();
  void handleFrame(Frame& frame);
  void handleMessage();
  // Queues a close frame (after the frame being written); nothing else is sent after it.
  void beginClose(std::uint16_t code, std::string_view reason);
  // A protocol failure: close with `code` and stop reading.
  void fail(std::uint16_t code, std::string_view reason);
  // Once our close frame is out: closes the socket, or half-closes it and waits for the
  // peer's close frame until the close deadline.
  void finishClosing();
  void sendControl(Opcode opcode, std::string_view payload);
  // Writes as much as the socket takes; false when the socket failed.
  bool writePending();
  void closeNow();

  int fd_;
  http::Reactor& reactor_;
  Hub& hub_;
  std::shared_ptr<Client> client_;
  MessageHandler on_message_;
  CloseHandler on_close_;
  std::shared_ptr<void> admission_;

  State state_ = State::kOpen;
  std::string input_;
  std::string message_;  // a fragmented message being assembled
  bool in_message_ = false;
  Opcode message_opcode_ = Opcode::kText;
  // Frames the connection itself sends (pongs, pings, close) go before the outbox's next frame
  // but never inside the frame being written.
  std::deque<std::string> control_;
  std::shared_ptr<const std::string> current_;
  std::string current_control_;
  std::size_t written_ = 0;  // bytes of the frame being written
  bool write_blocked_ = false;
  bool peer_closed_ = false;  // the peer's close frame arrived
  bool broken_ = false;       // the peer broke the protocol: our close goes, then the socket
  bool write_shut_ = false;

  std::chrono::steady_clock::time_point last_heard_;
  std::chrono::steady_clock::time_point ping_sent_;
  bool ping_outstanding_ = false;
  std::chrono::steady_clock::time_point close_deadline_;
};

}  // namespace orchestra::ws
