#include "host/ws/Connection.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "host/text/Utf8.hpp"
#include "host/ws/Hub.hpp"

namespace orchestra::ws {

namespace {

// Bytes read per wake-up before other sockets get their turn (the socket stays readable and
// the reactor comes back to it).
constexpr std::size_t kReadBudget = std::size_t{256} * 1024;
// A message buffer larger than this is given back to the allocator between messages.
constexpr std::size_t kKeptMessageCapacity = 4096;
// The kernel's send buffer per socket, fixed (no autotuning up to megabytes): what a client
// does not take waits in its outbox, where websocket.send_queue_bytes bounds it.
constexpr int kSocketSendBuffer = 64 * 1024;

}  // namespace

Connection::Connection(int fd, std::string already_read, http::Reactor& reactor, Hub& hub,
                       std::shared_ptr<Client> client, MessageHandler on_message,
                       CloseHandler on_close, std::shared_ptr<void> admission)
    : fd_(fd),
      reactor_(reactor),
      hub_(hub),
      client_(std::move(client)),
      on_message_(std::move(on_message)),
      on_close_(std::move(on_close)),
      admission_(std::move(admission)),
      input_(std::move(already_read)),
      last_heard_(std::chrono::steady_clock::now()) {
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &kSocketSendBuffer, sizeof kSocketSendBuffer);
}

Connection::~Connection() {
  if (on_close_) {
    try {
      on_close_(*client_);
    } catch (...) {
      // A failing endpoint callback must not keep the socket open.
    }
  }
  hub_.disconnected(*this, *client_);
  ::close(fd_);
}

void Connection::onAdded() {
  hub_.connected(*this);
  if (!input_.empty()) {
    handleFrames();
    if (state_ == State::kClosed) return;
  }
  flush();
}

void Connection::onReadable() {
  if (!receive()) return closeNow();
  if (state_ == State::kClosed) return;
  if (!writePending()) return closeNow();
  finishClosing();
  if (state_ != State::kClosed) reactor_.rearm(this);
}

bool Connection::receive() {
  std::array<char, 16384> buffer{};
  std::size_t budget = kReadBudget;
  while (budget > 0) {
    const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got > 0) {
      last_heard_ = std::chrono::steady_clock::now();
      ping_outstanding_ = false;
      input_.append(buffer.data(), static_cast<std::size_t>(got));
      budget -= std::min(budget, static_cast<std::size_t>(got));
      handleFrames();
      if (state_ == State::kClosed) return true;
      continue;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

void Connection::handleFrames() {
  std::size_t offset = 0;
  const auto max_payload = static_cast<std::size_t>(hub_.settings().max_message_bytes);
  while (state_ != State::kClosed && !broken_ && !peer_closed_) {
    auto parsed = parseClientFrame(std::string_view(input_).substr(offset), max_payload);
    if (std::holds_alternative<std::monostate>(parsed)) break;
    if (const auto* problem = std::get_if<FrameProblem>(&parsed)) {
      fail(problem->code, problem->reason);
      break;
    }
    auto& frame = std::get<ParsedFrame>(parsed);
    offset += frame.consumed;
    handleFrame(frame.frame);
  }
  if (broken_ || peer_closed_ || state_ == State::kClosed) {
    std::string().swap(input_);  // nothing after a close or a broken frame is read
    return;
  }
  input_.erase(0, offset);
  if (input_.empty() && input_.capacity() > kKeptMessageCapacity) std::string().swap(input_);
}

void Connection::fail(std::uint16_t code, std::string_view reason) {
  beginClose(code, reason);
  broken_ = true;
}

void Connection::handleFrame(Frame& frame) {
  // While closing, only the peer's close frame matters.
  if (state_ == State::kClosing && frame.opcode != Opcode::kClose) return;
  switch (frame.opcode) {
    case Opcode::kPing:
      if (state_ == State::kOpen) sendControl(Opcode::kPong, frame.payload);
      return;
    case Opcode::kPong:
      return;
    case Opcode::kClose: {
      const auto code = parseClosePayload(frame.payload);
      if (const auto* problem = std::get_if<FrameProblem>(&code)) {
        return fail(problem->code, problem->reason);
      }
      // The peer's close ends the handshake we began, or begins one we answer in kind.
      const std::uint16_t received = std::get<std::uint16_t>(code);
      beginClose(received == 1005 ? close_code::kNormal : received, "");
      peer_closed_ = true;
      return;
    }
    case Opcode::kText:
    case Opcode::kBinary:
      if (in_message_) return fail(close_code::kProtocolError, "Expected a continuation frame");
      message_opcode_ = frame.opcode;
      message_ = std::move(frame.payload);
      break;
    case Opcode::kContinuation:
      if (!in_message_) return fail(close_code::kProtocolError, "Continuation without a message");
      if (message_.size() + frame.payload.size() >
          static_cast<std::size_t>(hub_.settings().max_message_bytes)) {
        return fail(close_code::kTooBig, "Message too large");
      }
      message_ += frame.payload;
      break;
  }
  in_message_ = !frame.fin;
  if (!in_message_) handleMessage();
}

void Connection::handleMessage() {
  if (message_opcode_ == Opcode::kBinary) {
    return fail(close_code::kUnsupportedData, "Only text messages are accepted");
  }
  if (!text::isValidUtf8(message_)) {
    return fail(close_code::kInvalidPayload, "Text message is not UTF-8");
  }
  if (state_ == State::kOpen) {
    if (on_message_) {
      on_message_(*client_, message_);
    } else {
      client_->send(R"({"type":"error","data":{"detail":"This endpoint takes no messages"}})");
    }
  }
  message_.clear();
  if (message_.capacity() > kKeptMessageCapacity) std::string().swap(message_);
}

void Connection::onSweep(std::chrono::steady_clock::time_point now) {
  if (state_ == State::kClosing) {
    if (now >= close_deadline_) closeNow();
    return;
  }
  if (state_ != State::kOpen) return;
  const auto& settings = hub_.settings();
  if (ping_outstanding_) {
    // Silent since our ping: the peer or the path to it is gone.
    if (now - ping_sent_ >= std::chrono::milliseconds(settings.pong_timeout_ms)) closeNow();
    return;
  }
  if (now - last_heard_ >= std::chrono::milliseconds(settings.ping_interval_ms)) {
    ping_outstanding_ = true;
    ping_sent_ = now;
    sendControl(Opcode::kPing, "");
  }
}

void Connection::flush() {
  if (state_ == State::kClosed) return;
  client_->outbox().flushStarted();
  if (state_ == State::kOpen) {
    if (auto request = client_->outbox().closeRequest()) {
      if (request->code == close_code::kTryAgainLater) hub_.metrics().closedTooSlow();
      beginClose(request->code, request->reason);
    }
  }
  if (!writePending()) return closeNow();
  finishClosing();
}

void Connection::finishClosing() {
  if (state_ != State::kClosing) return;
  const bool close_sent = current_ == nullptr && current_control_.empty() && control_.empty();
  if (!close_sent) return;
  // Both closes exchanged, or the peer broke the protocol: the server closes TCP first.
  if (peer_closed_ || broken_) return closeNow();
  // Ours is out; the peer's may follow. Until then (or the deadline) input is read, not used.
  if (!write_shut_) {
    write_shut_ = true;
    ::shutdown(fd_, SHUT_WR);
  }
}

void Connection::beginClose(std::uint16_t code, std::string_view reason) {
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  control_.push_back(encodeClose(code, reason));
  close_deadline_ = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(hub_.settings().close_timeout_ms);
}

void Connection::sendControl(Opcode opcode, std::string_view payload) {
  control_.push_back(encodeFrame(opcode, payload));
  if (!writePending()) return closeNow();
  finishClosing();
}

bool Connection::writePending() {
  bool blocked = false;
  while (true) {
    if (current_ == nullptr && current_control_.empty()) {
      if (!control_.empty()) {
        current_control_ = std::move(control_.front());
        control_.pop_front();
      } else if (state_ == State::kOpen) {
        current_ = client_->outbox().front();
        if (current_ == nullptr) break;
        client_->outbox().popFront();
      } else {
        break;  // closing: nothing after our close frame
      }
    }
    const std::string_view bytes = current_ ? std::string_view(*current_) : current_control_;
    const ssize_t sent =
        ::send(fd_, bytes.data() + written_, bytes.size() - written_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent > 0) {
      written_ += static_cast<std::size_t>(sent);
      if (written_ == bytes.size()) {
        written_ = 0;
        current_.reset();
        current_control_.clear();
      }
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      blocked = true;
      break;
    }
    return false;
  }
  if (blocked != write_blocked_) {
    write_blocked_ = blocked;
    reactor_.refresh(this);
  }
  return true;
}

void Connection::closeNow() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  reactor_.release(this);
}

}  // namespace orchestra::ws
