#include "tests/support/AuthTestSupport.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "host/auth/Crypto.hpp"

namespace orchestra::testing {

namespace {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Files of a folder, oldest name first (the outbox names files by time).
std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string redisUrl() {
  std::filesystem::path dir = ORCHESTRA_TEST_REDIS_DIR;
  // NOLINTNEXTLINE(concurrency-mt-unsafe): the test process never sets its environment
  if (const char* from_env = std::getenv("ORCHESTRA_TEST_REDIS_DIR");
      from_env != nullptr && *from_env != '\0') {
    dir = from_env;
  }
  std::ifstream in(dir / "url");
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    throw std::runtime_error("no test Redis: run `tests/support/redis.sh start " + dir.string() +
                             "` (ctest does it through the redis fixture)");
  }
  return url;
}

std::optional<std::string> otpCodeIn(const std::string& text) {
  static const std::regex kCode("code is ([0-9]{6})");
  std::optional<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kCode);
       it != std::sregex_iterator(); ++it) {
    found = (*it)[1].str();
  }
  return found;
}

std::optional<std::string> newestOutboxCode(const std::filesystem::path& outbox,
                                            const std::string& email,
                                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    const auto files = filesIn(outbox);
    for (std::size_t i = files.size(); i-- > 0;) {  // newest first
      const std::filesystem::path& file = files[i];
      if (file.extension() != ".eml") continue;
      const std::string text = readFile(file);
      if (text.find("To: " + email + "\r\n") == std::string::npos) continue;
      if (auto code = otpCodeIn(text)) return code;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  return std::nullopt;
}

std::string craftToken(const std::string& header_json, const std::string& payload_json,
                       const std::string& secret) {
  const std::string signing_input =
      auth::base64UrlEncode(header_json) + "." + auth::base64UrlEncode(payload_json);
  return signing_input + "." + auth::base64UrlEncode(auth::hmacSha256(secret, signing_input));
}

AuthHost::AuthHost(store::DialectKind dialect, const std::string& extra_yaml,
                   const std::string& auth_yaml, const std::string& server_yaml)
    : own_database_(std::make_unique<ScratchDatabase>(dialect)) {
  start(own_database_->url(), extra_yaml, auth_yaml, server_yaml);
}

void AuthHost::start(const std::string& url, const std::string& extra_yaml,
                     const std::string& auth_yaml, const std::string& server_yaml) {
  outbox_ = makeTempDirectory("orchestra-outbox");
  url_ = url;
  extra_yaml_ = extra_yaml;
  auth_yaml_ = auth_yaml;
  server_yaml_ = server_yaml;
  process_ = std::make_unique<HostProcess>(options());
}

HostOptions AuthHost::options() const {
  HostOptions options;
  options.config_yaml =
      "server:\n  host: 127.0.0.1\n  port: 0\n  shutdown_timeout_ms: 3000\n" + server_yaml_ +
      "database:\n  url: ${ORCHESTRA_TEST_DATABASE_URL}\n  connect_timeout_ms: 5000\n"
      "auth:\n  jwt_secret: ${ORCHESTRA_TEST_JWT_SECRET}\n" +
      auth_yaml_ + "email:\n  provider: log\n  outbox_dir: " + outbox_.string() + "\n" +
      extra_yaml_;
  options.environment["ORCHESTRA_TEST_DATABASE_URL"] = url_;
  options.environment["ORCHESTRA_TEST_JWT_SECRET"] = kTestJwtSecret;
  return options;
}

void AuthHost::crash() {
  if (process_->running()) {
    ::kill(process_->pid(), SIGKILL);
    process_->waitForExit(std::chrono::seconds(10));
  }
}

void AuthHost::restart() {
  crash();
  process_.reset();
  process_ = std::make_unique<HostProcess>(options());
}

std::unique_ptr<HostProcess> AuthHost::startSibling() const {
  return std::make_unique<HostProcess>(options());
}

AuthHost::~AuthHost() {
  process_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(outbox_, ignored);
}

std::string requestCodeAt(const HttpTestClient& client, const std::filesystem::path& outbox,
                          const std::string& email) {
  const auto before = filesIn(outbox).size();
  const auto result = client.request("POST", "/api/v1/auth/request-otp",
                                     R"({"email":")" + email + R"(","purpose":"login"})");
  if (result.status != 200) {
    throw std::runtime_error("request-otp answered " + std::to_string(result.status) + ": " +
                             result.body);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (filesIn(outbox).size() <= before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto code = newestOutboxCode(outbox, email);
  if (!code) throw std::runtime_error("no code for " + email + " in " + outbox.string());
  return *code;
}

HttpResult loginAt(const HttpTestClient& client, const std::filesystem::path& outbox,
                   const std::string& email) {
  const std::string code = requestCodeAt(client, outbox, email);
  return client.request("POST", "/api/v1/auth/verify-otp",
                        R"({"email":")" + email + R"(","code":")" + code + R"("})");
}

std::string accessTokenAt(const HttpTestClient& client, const std::filesystem::path& outbox,
                          const std::string& email) {
  const HttpResult login = loginAt(client, outbox, email);
  if (login.status != 200) {
    throw std::runtime_error("verify-otp answered " + std::to_string(login.status) + ": " +
                             login.body);
  }
  return login.json()->getValue<std::string>("access_token");
}

std::string AuthHost::requestCode(const std::string& email) {
  return requestCodeAt(client(), outbox_, email);
}

HttpResult AuthHost::login(const std::string& email) {
  return loginAt(client(), outbox_, email);
}

std::string AuthHost::accessToken(const std::string& email) {
  const HttpResult result = login(email);
  if (result.status != 200) {
    throw std::runtime_error("login of " + email + " answered " + std::to_string(result.status) +
                             ": " + result.body);
  }
  return result.json()->getValue<std::string>("access_token");
}

std::uint16_t freeLoopbackPort() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const auto port = socket.address().port();
  socket.close();
  return port;
}

SmtpTestServer::SmtpTestServer() {
  directory_ = makeTempDirectory("orchestra-smtp");
  const std::filesystem::path maildir = directory_ / "Maildir";
  port_ = freeLoopbackPort();
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    setpgid(0, 0);
    const std::string log = (directory_ / "aiosmtpd.log").string();
    FILE* out = freopen(log.c_str(), "w", stdout);
    FILE* err = freopen(log.c_str(), "a", stderr);
    (void)out;
    (void)err;
    execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
          "aiosmtpd.handlers.Mailbox", maildir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Ready when it accepts connections.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      Poco::Net::StreamSocket probe;
      probe.connect(Poco::Net::SocketAddress("127.0.0.1", port_), Poco::Timespan(0, 200000));
      probe.close();
      return;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  throw std::runtime_error("aiosmtpd did not start on " + listen + ": " +
                           readFile(directory_ / "aiosmtpd.log"));
}

SmtpTestServer::~SmtpTestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<std::string> SmtpTestServer::messagesTo(const std::string& email) const {
  std::vector<std::string> messages;
  for (const char* folder : {"new", "cur"}) {
    for (const auto& file : filesIn(directory_ / "Maildir" / folder)) {
      std::string text = readFile(file);
      if (text.find(email) != std::string::npos) messages.push_back(std::move(text));
    }
  }
  return messages;
}

std::optional<std::string> SmtpTestServer::waitForMessage(const std::string& email,
                                                          std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    for (const char* folder : {"new", "cur"}) {
      for (const auto& file : filesIn(directory_ / "Maildir" / folder)) {
        const std::string text = readFile(file);
        if (text.find(email) != std::string::npos) return text;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return std::nullopt;
}

}  // namespace orchestra::testing
