// One accepted HTTP connection as a reactor handler: it waits on the reactor, holding no thread,
// until a complete request head (and a small body) has arrived within the header deadline, runs
// the request on a worker thread, and goes back to the reactor between keep-alive requests (the
// worker first waits a moment for the next one, and serves pipelined ones already buffered).
#pragma once

#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "host/http/Reactor.hpp"
#include "host/http/RequestHead.hpp"
#include "host/http/Response.hpp"

namespace orchestra::http {

class HttpServer;

class HttpConnection final : public ReactorHandler {
 public:
  // Takes ownership of the connected, non-blocking socket `fd`. `address_key` identifies the
  // client address for the server's per-address count.
  HttpConnection(int fd, const Poco::Net::SocketAddress& client, std::string address_key,
                 HttpServer& server);
  ~HttpConnection() override;
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  int fd() const override { return fd_; }
  void onReadable() override;
  void onSweep(std::chrono::steady_clock::time_point now) override;

  // Reactor thread, armed connections only (server shutdown): true when no request has begun,
  // so the connection may be closed without losing anything.
  bool idle() const;

 private:
  enum class Phase {
    kWaitingForRequest,  // keep-alive or fresh: nothing of the next request yet
    kReadingHead,        // part of a head arrived; the header deadline runs
    kReadingBody,        // a small body is still arriving; the body deadline runs
    kWithWorker,         // a worker runs the request: the reactor must not touch it
    kDraining,           // answered with an error: unread input is discarded until EOF
  };

  // Appends what the socket has to input_; false when the peer closed or the socket failed.
  bool receiveAvailable();
  // Moves the request on as far as the buffered bytes allow: true when a whole request is here
  // and the caller runs it (phase kWithWorker); false when the connection went back to the
  // reactor, was refused or closed, and the caller must not touch it any more. The reactor
  // thread calls it when bytes arrived, a worker after a kept-alive answer.
  bool advance();
  // Re-watches the socket for more bytes (closes when the peer has closed); always false.
  bool waitForMore();
  void startHead();
  void handToWorker();
  // Worker thread: runs the request, and the pipelined ones already buffered after it.
  void serve() noexcept;
  // Worker thread, after a kept-alive answer with nothing buffered: waits up to
  // kNextRequestLinger for the client's next bytes (when another thread is idle) and reads
  // them; false when the connection was closed.
  bool awaitNextRequestBriefly();
  // Worker thread: runs one request and answers it; true when the connection is kept alive and
  // still this thread's, false when it was closed, upgraded or handed on.
  bool serveOne() noexcept;
  // Worker thread: sends the head, lets the handler stream the body, then closes (the body's
  // end).
  void stream(Response& response, std::chrono::milliseconds send_timeout);
  // Worker thread: sends the 101 and hands the socket to the handler the upgrade makes.
  void upgrade(Response& response, std::chrono::milliseconds send_timeout);
  // Worker thread: what is left of the body after the handler, so that leftover bytes are
  // skipped or the connection closed; false when the connection cannot be reused.
  bool skipUnreadBody(const std::optional<std::int64_t>& content_length, bool chunked);
  // Answers an error on a connection that will not be reused, then drains and closes it.
  void refuse(int status, std::string_view detail);
  void drainAndClose();
  void close();

  int fd_;
  Poco::Net::SocketAddress client_;
  std::string address_key_;
  HttpServer& server_;

  Phase phase_ = Phase::kWaitingForRequest;
  std::chrono::steady_clock::time_point deadline_;
  std::string input_;              // received bytes not yet consumed
  std::size_t position_ = 0;       // consumed bytes at the front of input_ (while with a worker)
  std::size_t scanned_ = 0;        // how far findHeadEnd looked
  std::size_t head_end_ = 0;       // where the current head ends in input_
  std::size_t buffered_body_ = 0;  // body bytes to wait for on the reactor
  std::optional<RequestHead> head_;
  bool peer_closed_ = false;
  int requests_served_ = 0;
};

}  // namespace orchestra::http
