#include "host/http/HttpConnection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>

#include "host/http/ConnectionSession.hpp"
#include "host/http/HttpServer.hpp"
#include "host/http/ParsedRequest.hpp"
#include "host/http/Request.hpp"
#include "host/http/ResponseWriter.hpp"

namespace orchestra::http {

namespace {

// A body up to this size is awaited on the reactor, so that a slow client of a small POST holds
// no thread either; larger and chunked bodies are streamed by the worker under the body deadline.
constexpr std::size_t kBufferedBodyBytes = std::size_t{64} * 1024;
// Most bytes read ahead on the reactor: a head, a small body and some pipelined requests.
constexpr std::size_t kMaxBufferedBytes =
    kMaxHeadBytes + kBufferedBodyBytes + std::size_t{16} * 1024;
// How long an answered-and-refused connection may keep sending before it is cut off.
constexpr std::chrono::seconds kDrainTime{2};
// How long a worker that answered a kept-alive request waits on the socket for the next one
// before it hands the connection back to the reactor. A busy client's next request usually
// comes within a millisecond or two; taking it here costs one thread wake-up (the client's
// bytes waking this thread) where the reactor path costs two (the reactor, then a worker),
// which on two loaded cores was a quarter of /health's throughput (tests/bench/README.md).
// Short enough that a client going quiet holds the thread for no longer than this.
constexpr std::chrono::milliseconds kNextRequestLinger{2};

std::chrono::steady_clock::time_point after(int milliseconds) {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
}

const std::string* findField(const RequestHead& head, std::string_view name, int& count) {
  const std::string* found = nullptr;
  count = 0;
  for (const auto& [field_name, value] : head.fields) {
    if (field_name.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(field_name[i])) == name[i];
    if (!same) continue;
    ++count;
    found = &value;
  }
  return found;
}

// The Content-Length of a request when it is one well-formed number; BodyReader refuses any
// other spelling, so nothing is buffered for those.
std::optional<std::int64_t> plainContentLength(const RequestHead& head) {
  int count = 0;
  const std::string* value = findField(head, "content-length", count);
  if (count != 1 || value->empty() || value->size() > 18 ||
      value->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(*value);
}

bool hasField(const RequestHead& head, std::string_view lowercase_name) {
  int count = 0;
  findField(head, lowercase_name, count);
  return count > 0;
}

// Body bytes worth waiting for on the reactor before a worker takes the request. A body over
// the limit is not awaited: the dispatcher answers 413 at once.
std::size_t bodyToBuffer(const RequestHead& head, std::int64_t body_limit_bytes) {
  // A client that sent Expect: 100-continue waits for our answer before its body.
  if (hasField(head, "transfer-encoding") || hasField(head, "expect")) return 0;
  const auto length = plainContentLength(head);
  if (!length || *length > static_cast<std::int64_t>(kBufferedBodyBytes) ||
      *length > body_limit_bytes) {
    return 0;
  }
  return static_cast<std::size_t>(*length);
}

}  // namespace

HttpConnection::HttpConnection(int fd, const Poco::Net::SocketAddress& client,
                               std::string address_key, HttpServer& server)
    : fd_(fd),
      client_(client),
      address_key_(std::move(address_key)),
      server_(server),
      // A fresh connection must send its first head within the header deadline.
      deadline_(after(server.settings().header_timeout_ms)) {}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) ::close(fd_);
  server_.connectionClosed(address_key_);
}

bool HttpConnection::idle() const {
  return (phase_ == Phase::kWaitingForRequest && input_.empty()) || phase_ == Phase::kDraining;
}

void HttpConnection::onReadable() {
  if (phase_ == Phase::kDraining) {
    std::array<char, 4096> discard{};
    while (true) {
      const ssize_t got = ::recv(fd_, discard.data(), discard.size(), 0);
      if (got > 0) continue;
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        server_.reactor().rearm(this);
      } else {
        close();
      }
      return;
    }
  }
  if (!receiveAvailable()) {
    close();
    return;
  }
  if (advance()) handToWorker();
}

void HttpConnection::onSweep(std::chrono::steady_clock::time_point now) {
  if (now < deadline_) return;
  switch (phase_) {
    case Phase::kReadingHead:
      refuse(408, "Request header not received in time");
      return;
    case Phase::kReadingBody:
      refuse(408, "Request body not received in time");
      return;
    case Phase::kWaitingForRequest:
    case Phase::kDraining:
      close();
      return;
    case Phase::kWithWorker:
      return;  // never armed
  }
}

bool HttpConnection::receiveAvailable() {
  // One scratch buffer per reading thread (the reactor, or a worker awaiting the next request).
  thread_local std::array<char, std::size_t{64} * 1024> scratch{};
  while (input_.size() < kMaxBufferedBytes) {
    const std::size_t wanted = std::min(scratch.size(), kMaxBufferedBytes - input_.size());
    const ssize_t got = ::recv(fd_, scratch.data(), wanted, 0);
    if (got > 0) {
      input_.append(scratch.data(), static_cast<std::size_t>(got));
      if (static_cast<std::size_t>(got) < wanted) return true;  // drained for now
      continue;
    }
    if (got == 0) {
      peer_closed_ = true;
      return true;
    }
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

bool HttpConnection::advance() {
  if (phase_ == Phase::kWaitingForRequest) {
    if (input_.empty()) return waitForMore();
    startHead();
  }
  if (phase_ == Phase::kReadingHead) {
    const std::size_t end = findHeadEnd(input_, scanned_);
    if (end == 0) {
      const auto early = checkPartialHead(input_);
      if (const auto* problem = std::get_if<HeadProblem>(&early)) {
        refuse(problem->status, problem->detail);
        return false;
      }
      return waitForMore();
    }
    auto parsed = parseRequestHead(std::string_view(input_).substr(0, end));
    if (const auto* problem = std::get_if<HeadProblem>(&parsed)) {
      refuse(problem->status, problem->detail);
      return false;
    }
    head_ = std::move(std::get<RequestHead>(parsed));
    head_end_ = end;
    buffered_body_ = bodyToBuffer(*head_, server_.settings().body_limit_bytes);
    phase_ = Phase::kReadingBody;
    deadline_ = after(server_.settings().request_timeout_ms);
  }
  if (input_.size() - head_end_ < buffered_body_) return waitForMore();
  phase_ = Phase::kWithWorker;
  return true;
}

bool HttpConnection::waitForMore() {
  // Nothing more will come from a peer that closed its side.
  if (peer_closed_) {
    close();
    return false;
  }
  HttpServer& server = server_;
  const bool on_worker = !server.reactor().onReactorThread();
  server.reactor().rearm(this);  // from a worker: `this` may be gone from here on
  // A worker decided to keep the connection before the server began stopping and armed it
  // after: the reactor's sweep of idle connections may have missed it, so sweep again.
  if (on_worker && server.stopping()) server.closeIdleConnectionsSoon();
  return false;
}

void HttpConnection::startHead() {
  phase_ = Phase::kReadingHead;
  scanned_ = 0;
  // The whole head must arrive within the deadline, however slowly its bytes trickle in.
  deadline_ = after(server_.settings().header_timeout_ms);
}

void HttpConnection::handToWorker() {
  if (!server_.workers().trySubmit([this] { serve(); })) {
    phase_ = Phase::kReadingBody;
    refuse(503, "Server busy; try again later");
  }
}

void HttpConnection::serve() noexcept {
  // A pipelined request already buffered is served right here, in order, instead of going back
  // to the reactor for it; the connection is re-watched from this thread when it must wait.
  while (serveOne()) {
    if (server_.stopping() && input_.empty()) {
      close();
      return;
    }
    if (input_.empty() && !awaitNextRequestBriefly()) return;
    if (!advance()) return;
  }
}

bool HttpConnection::awaitNextRequestBriefly() {
  // Only while a thread is idle besides this one: a linger must never keep a request waiting.
  if (!server_.workers().hasIdleThread()) return true;
  pollfd watched{fd_, POLLIN | POLLRDHUP, 0};
  const auto linger_ns = std::chrono::nanoseconds(kNextRequestLinger).count();
  const timespec linger{0, static_cast<long>(linger_ns)};
  if (::ppoll(&watched, 1, &linger, nullptr) <= 0) return true;  // quiet: back to the reactor
  if (receiveAvailable()) return true;
  close();
  return false;
}

bool HttpConnection::serveOne() noexcept {
  const config::ServerSettings& settings = server_.settings();
  position_ = head_end_;
  bool keep_alive = false;
  bool drain = false;
  try {
    ConnectionSession session(fd_, input_, position_,
                              std::chrono::milliseconds(settings.request_timeout_ms));
    const std::optional<std::int64_t> content_length = plainContentLength(*head_);
    const bool chunked = hasField(*head_, "transfer-encoding");
    ParsedServerResponse raw_response(session);
    ParsedServerRequest raw_request(std::move(*head_), client_, server_.serverAddress(),
                                    *server_.params(), raw_response);
    head_.reset();
    ++requests_served_;
    keep_alive = settings.keep_alive && raw_request.getKeepAlive() && !peer_closed_ &&
                 requests_served_ < settings.max_keep_alive_requests;

    Request request(raw_request, raw_response);
    request.setSession(&session);
    Response response = server_.dispatcher().dispatch(request);
    if (response.upgrade && response.status == 101) {
      upgrade(response, session.readTimeout());
      return false;
    }
    if (response.stream) {
      stream(response, session.readTimeout());
      return false;
    }
    keep_alive = keep_alive && !response.close_connection && !server_.stopping() &&
                 skipUnreadBody(content_length, chunked);
    sendAll(fd_, serializeResponse(response, keep_alive, raw_request.getMethod() == "HEAD"),
            session.readTimeout());
    drain = response.close_connection;
  } catch (...) {
    close();  // the peer is gone or too slow to take the answer
    return false;
  }
  if (!keep_alive) {
    if (drain) {
      drainAndClose();
    } else {
      close();
    }
    return false;
  }
  input_.erase(0, position_);
  if (input_.empty()) std::string().swap(input_);  // an idle connection keeps no buffer
  position_ = 0;
  head_end_ = 0;
  buffered_body_ = 0;
  phase_ = Phase::kWaitingForRequest;
  deadline_ = after(settings.keep_alive_timeout_ms);
  return true;
}

void HttpConnection::upgrade(Response& response, std::chrono::milliseconds send_timeout) {
  // Throws when the client is gone: serve() then closes the connection.
  sendAll(fd_, serializeResponse(response, true, false), send_timeout);
  UpgradedSocket socket{fd_, input_.substr(position_), server_.reactor()};
  std::unique_ptr<ReactorHandler> successor = response.upgrade(std::move(socket));
  if (!successor) {
    close();
    return;
  }
  fd_ = -1;  // the successor owns the socket now
  server_.reactor().handOver(this, std::move(successor));
}

void HttpConnection::stream(Response& response, std::chrono::milliseconds send_timeout) {
  // Throws when the client is gone: serve() then closes the connection.
  sendAll(fd_, serializeResponse(response, false, false), send_timeout);
  const StreamWrite write = [this, send_timeout](std::string_view bytes) {
    try {
      sendAll(fd_, bytes, send_timeout);
      return true;
    } catch (...) {
      return false;  // gone or too slow: the producer stops
    }
  };
  response.stream(write);
  close();
}

bool HttpConnection::skipUnreadBody(const std::optional<std::int64_t>& content_length,
                                    bool chunked) {
  // A chunked body's end is only known to its parser; an early answer leaves it unread.
  if (chunked) return false;
  if (!content_length) return true;  // no body; a malformed length was refused with close set
  const auto consumed = static_cast<std::int64_t>(position_ - head_end_);
  const std::int64_t unread = *content_length - consumed;
  if (unread <= 0) return true;
  // Answered before its body was read (an early 401): skip it if it is all here, else close.
  if (static_cast<std::int64_t>(input_.size() - position_) < unread) return false;
  position_ += static_cast<std::size_t>(unread);
  return true;
}

void HttpConnection::refuse(int status, std::string_view detail) {
  try {
    const std::string& answer = serializeConnectionError(status, detail);
    // Never blocks: the answer is small and a socket's send buffer holds it.
    [[maybe_unused]] const auto sent =
        ::send(fd_, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  } catch (...) {
    // Nothing to tell a peer we cannot write to.
  }
  drainAndClose();
}

void HttpConnection::drainAndClose() {
  // Closing with unread input would make the kernel reset the connection, and the client could
  // lose the answer: send FIN, discard what still arrives, close at EOF or after a short while.
  head_.reset();
  std::string().swap(input_);
  if (peer_closed_ || ::shutdown(fd_, SHUT_WR) != 0) {
    close();
    return;
  }
  phase_ = Phase::kDraining;
  deadline_ = std::chrono::steady_clock::now() + kDrainTime;
  server_.reactor().rearm(this);
}

void HttpConnection::close() {
  server_.reactor().release(this);
}

}  // namespace orchestra::http
