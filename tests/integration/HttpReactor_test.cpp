// The connection layer of the real binary under hostile clients: idle and slow connections hold
// no thread, the header deadline, the per-address and total connection caps, and the strict
// request-head parser against request-smuggling spellings (RFC 9112), a kept-alive connection's
// next request however it arrives, and shutdown right after answers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/HostFixture.hpp"

namespace orchestra::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::string_literals;

// 1,200 sockets need more than the usual soft limit of 1,024 descriptors.
void raiseOwnOpenFileLimit() {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  ASSERT_GE(limit.rlim_cur, 1500U) << "the test needs 1,500 descriptors";
}

// A plain blocking TCP connection to the host, closed on destruction.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 &&
                 ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  bool send(std::string_view bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Everything received until the server closes (true) or `timeout` passes (false).
  bool receiveUntilClosed(std::string& received, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      const int got = receiveSome(received, deadline);
      if (got <= 0) return got == 0;
    }
  }
  // Receives until `received` holds `count` answers (status lines) or `timeout` passes.
  bool receiveAnswers(std::string& received, int count, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (countAnswers(received) < count) {
      if (receiveSome(received, deadline) <= 0) return false;
    }
    return true;
  }

 private:
  static int countAnswers(const std::string& received) {
    int count = 0;
    for (auto at = received.find("HTTP/1.1 "); at != std::string::npos;
         at = received.find("HTTP/1.1 ", at + 1))
      ++count;
    return count;
  }

  // Appends the next bytes that arrive before `deadline`: 1, or 0 when the server closed (or
  // reset), -1 when the deadline passed.
  int receiveSome(std::string& received, Clock::time_point deadline) {
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return -1;
      pollfd poll_fd{fd_, POLLIN, 0};
      if (::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) continue;
      std::array<char, 4096> buffer{};
      const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
      if (got <= 0) return 0;
      received.append(buffer.data(), static_cast<std::size_t>(got));
      return 1;
    }
  }

  int fd_;
  bool connected_ = false;
};

class HttpReactor : public SqliteHostTest {
 protected:
  void SetUp() override {}  // each test starts the host with its own server settings
};

TEST_F(HttpReactor, FreshClientIsAnsweredWhileIdleAndSlowConnectionsAreOpen) {
  raiseOwnOpenFileLimit();
  // Four threads: before the reactor, four idle connections were enough to lock everyone out.
  start(
      sqliteHostConfig("  threads: 4\n  header_timeout_ms: 60000\n  max_connections_per_ip: 0\n"));
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawConnection>(host_->port()));
    ASSERT_TRUE(idle.back()->connected()) << i;
  }
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawConnection>(host_->port()));
    ASSERT_TRUE(slow.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n")) << i;
  }
  // Slowloris: one more header byte every second on each slow connection.
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    while (!done.load()) {
      for (auto& connection : slow)
        connection->send("X");
      for (int i = 0; i < 10 && !done.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto started = Clock::now();
    const auto exchange =
        rawExchange(host_->port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    std::chrono::milliseconds(2000));
    const auto elapsed = Clock::now() - started;
    EXPECT_EQ(firstStatus(exchange.response), 200) << exchange.response;
    EXPECT_FALSE(exchange.timed_out);
    EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
  }
  done = true;
  trickle.join();
}

TEST_F(HttpReactor, HeaderDeadlineClosesASlowHeaderSender) {
  start(sqliteHostConfig("  header_timeout_ms: 1000\n"));
  RawConnection connection(host_->port());
  ASSERT_TRUE(connection.send("GET /health HTTP/1.1\r\nHost: x\r\n"));
  const auto started = Clock::now();
  std::atomic<bool> done{false};
  // A byte every 200 ms: never idle long, but the head never completes.
  std::thread trickle([&] {
    while (!done.load() && connection.send("X"))
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  std::string received;
  const bool closed = connection.receiveUntilClosed(received, std::chrono::seconds(5));
  const auto elapsed = Clock::now() - started;
  done = true;
  trickle.join();
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, std::chrono::milliseconds(800));
  EXPECT_LT(elapsed, std::chrono::milliseconds(3500));
  EXPECT_EQ(firstStatus(received), 408) << received;
}

TEST_F(HttpReactor, SilentConnectionIsClosedAtTheHeaderDeadline) {
  start(sqliteHostConfig("  header_timeout_ms: 500\n"));
  RawConnection connection(host_->port());
  std::string received;
  EXPECT_TRUE(connection.receiveUntilClosed(received, std::chrono::seconds(3)));
  EXPECT_EQ(received, "");  // nothing was asked, nothing is answered
}

TEST_F(HttpReactor, PerAddressCapRefusesTheNextConnection) {
  start(sqliteHostConfig("  max_connections_per_ip: 5\n"));
  std::vector<std::unique_ptr<RawConnection>> held;
  held.reserve(5);
  for (int i = 0; i < 5; ++i)
    held.push_back(std::make_unique<RawConnection>(host_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto refused = rawExchange(host_->port(), "", std::chrono::milliseconds(2000));
  EXPECT_EQ(firstStatus(refused.response), 429) << refused.response;
  EXPECT_FALSE(refused.timed_out);

  held.pop_back();  // a slot frees up
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto answered =
      rawExchange(host_->port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(firstStatus(answered.response), 200) << answered.response;
}

TEST_F(HttpReactor, TotalCapRefusesCleanly) {
  start(sqliteHostConfig("  max_connections: 3\n  max_connections_per_ip: 0\n"));
  std::vector<std::unique_ptr<RawConnection>> held;
  held.reserve(3);
  for (int i = 0; i < 3; ++i)
    held.push_back(std::make_unique<RawConnection>(host_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto refused = rawExchange(host_->port(), "", std::chrono::milliseconds(2000));
  EXPECT_EQ(firstStatus(refused.response), 503) << refused.response;
  EXPECT_NE(refused.response.find(R"({"detail":)"), std::string::npos);
  EXPECT_FALSE(refused.timed_out);
}

TEST_F(HttpReactor, EverySmugglingSpellingIs400AndTheSmuggledRequestIsNeverAnswered) {
  start(sqliteHostConfig());
  const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::vector<std::string> heads = {
      "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length : 35\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length\t: 35\r\n\r\n",
      std::string("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n") +
          "Content-Length: 3\r\n\r\n0\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nBad@Name: 1\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nX-N\0ul: 1\r\n\r\n"s,
      "GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n\r\n"s,
      "GET /health HTTP/1.1\r\nX-No-Host: 1\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\nContent-Length: 35\r\n\r\n",
  };
  for (const auto& head : heads) {
    const auto exchange =
        rawExchange(host_->port(), head + smuggled, std::chrono::milliseconds(3000));
    EXPECT_EQ(firstStatus(exchange.response), 400) << head << "\n" << exchange.response;
    EXPECT_EQ(exchange.response.find("HTTP/1.1", 1), std::string::npos) << head << "\n"
                                                                        << exchange.response;
    EXPECT_FALSE(exchange.timed_out) << head;
  }
}

TEST_F(HttpReactor, Http09RequestLineIsRefusedAtOnce) {
  start(sqliteHostConfig());
  const auto started = Clock::now();
  const auto exchange = rawExchange(host_->port(), "GET /health\r\n", std::chrono::seconds(3));
  EXPECT_EQ(firstStatus(exchange.response), 400) << exchange.response;
  EXPECT_FALSE(exchange.timed_out);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
}

TEST_F(HttpReactor, LargeBodyTrickledPastTheRequestTimeoutIs408) {
  // A body over 64 KiB is read by a worker (for any route, the webhook here, before it is known
  // that no such workflow exists). Its bytes arrive every 100 ms, so the socket never idles as
  // long as the read timeout, but the whole body must arrive within request_timeout_ms: a
  // trickled body holds a worker for that long at most.
  start(sqliteHostConfig("  request_timeout_ms: 1000\n"));
  RawConnection connection(host_->port());
  ASSERT_TRUE(
      connection.send("POST /api/v1/hooks/00000000-0000-4000-8000-000000000000/in HTTP/1.1\r\n"
                      "Host: x\r\nContent-Type: "
                      "application/json\r\nContent-Length: 300000\r\n\r\n{\"name\":\""));
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    const std::string slice(50, 'a');
    while (!done.load() && connection.send(slice))
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
  std::string received;
  const bool closed = connection.receiveUntilClosed(received, std::chrono::seconds(15));
  done = true;
  trickle.join();
  EXPECT_TRUE(closed);
  EXPECT_EQ(firstStatus(received), 408) << received;
  EXPECT_NE(received.find("Request body not received in time"), std::string::npos) << received;
}

TEST_F(HttpReactor, SmallBodySentSlowlyHoldsNoThread) {
  // One thread: a POST whose body trickles in waits on the reactor, not on that thread.
  start(sqliteHostConfig("  threads: 1\n"));
  RawConnection slow(host_->port());
  ASSERT_TRUE(slow.send("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto exchange =
      rawExchange(host_->port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                  std::chrono::milliseconds(2000));
  EXPECT_EQ(firstStatus(exchange.response), 200) << exchange.response;
  ASSERT_TRUE(slow.send("defghij"));
  std::string received;
  slow.receiveUntilClosed(received, std::chrono::seconds(3));
  EXPECT_EQ(firstStatus(received), 405) << received;  // /health takes GET only
}

TEST_F(HttpReactor, PipelinedRequestsAreAnsweredInOrder) {
  start(sqliteHostConfig());
  const auto exchange = rawExchange(host_->port(),
                                    "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-ID: one\r\n\r\n"
                                    "GET /nope HTTP/1.1\r\nHost: x\r\nX-Request-ID: two\r\n\r\n"
                                    "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-ID: three\r\n"
                                    "Connection: close\r\n\r\n");
  const auto one = exchange.response.find("X-Request-ID: one");
  const auto two = exchange.response.find("X-Request-ID: two");
  const auto three = exchange.response.find("X-Request-ID: three");
  ASSERT_NE(three, std::string::npos) << exchange.response;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpReactor, NextRequestIsServedWhetherItComesAtOnceLateOrInPieces) {
  // After an answer the worker waits a moment for the next request itself, then gives the
  // connection back to the reactor: every way the next head can arrive must work across that.
  start(sqliteHostConfig("  header_timeout_ms: 1000\n"));
  RawConnection connection(host_->port());
  const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string received;
  ASSERT_TRUE(connection.send(request));
  ASSERT_TRUE(connection.receiveAnswers(received, 1, std::chrono::seconds(5))) << received;
  // At once, in two pieces: the first is read while the worker waits, the rest comes later.
  ASSERT_TRUE(connection.send("GET /health HTTP/1.1\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(connection.send("Host: x\r\n\r\n"));
  ASSERT_TRUE(connection.receiveAnswers(received, 2, std::chrono::seconds(5))) << received;
  // Late: the connection waits on the reactor by then.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(connection.send(request));
  ASSERT_TRUE(connection.receiveAnswers(received, 3, std::chrono::seconds(5))) << received;
  // A head begun at once and never finished still meets the header deadline.
  ASSERT_TRUE(connection.send("GET /health HTTP/1.1\r\nHost: x\r\n"));
  const auto started = Clock::now();
  EXPECT_TRUE(connection.receiveUntilClosed(received, std::chrono::seconds(5)));
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(3500));
  const auto last_answer = received.rfind("HTTP/1.1 ");
  ASSERT_NE(last_answer, std::string::npos);
  EXPECT_EQ(received.substr(last_answer, 12), "HTTP/1.1 408") << received;
}

TEST_F(HttpReactor, StopClosesJustAnsweredKeptAliveConnectionsAtOnce) {
  // Connections answered a moment before SIGTERM are between a worker and the reactor: the
  // shutdown must still close them at once, not wait for their (long) keep-alive timeout.
  // (The fixture's shutdown grace is 5 s: a connection the shutdown missed would hold it that
  // long.)
  start(sqliteHostConfig("  keep_alive_timeout_ms: 60000\n"));
  std::vector<std::unique_ptr<RawConnection>> kept;
  for (int i = 0; i < 30; ++i) {
    kept.push_back(std::make_unique<RawConnection>(host_->port()));
    ASSERT_TRUE(kept.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")) << i;
  }
  for (auto& connection : kept) {
    std::string received;
    ASSERT_TRUE(connection->receiveAnswers(received, 1, std::chrono::seconds(5))) << received;
  }
  const auto started = Clock::now();
  ::kill(host_->pid(), SIGTERM);
  const auto status = host_->waitForExit(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3));
  for (auto& connection : kept) {
    std::string received;
    EXPECT_TRUE(connection->receiveUntilClosed(received, std::chrono::seconds(1)));
  }
}

}  // namespace
}  // namespace orchestra::testing
