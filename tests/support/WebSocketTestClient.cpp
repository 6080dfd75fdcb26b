#include "tests/support/WebSocketTestClient.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <random>
#include <sstream>
#include <stdexcept>

namespace orchestra::testing {

namespace {

std::string lower(const std::string& text) {
  return Poco::toLower(text);
}

}  // namespace

std::uint16_t WebSocketFrame::closeCode() const {
  if (opcode != 0x8 || payload.size() < 2) return 0;
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                    static_cast<std::uint8_t>(payload[1]));
}

std::string expectedAccept(const std::string& key) {
  Poco::SHA1Engine sha1;
  sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  const auto& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.write(reinterpret_cast<const char*>(digest.data()),
                static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

WebSocketTestClient::WebSocketTestClient(std::uint16_t port, const std::string& path,
                                         const std::map<std::string, std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("connect failed");
  }
  std::map<std::string, std::string> all = {
      {"Host", "127.0.0.1:" + std::to_string(port)},
      {"Upgrade", "websocket"},
      {"Connection", "Upgrade"},
      {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
      {"Sec-WebSocket-Version", "13"},
  };
  for (const auto& [name, value] : headers)
    all[name] = value;
  std::string request = "GET " + path + " HTTP/1.1\r\n";
  for (const auto& [name, value] : all) {
    if (value.empty()) continue;
    request.append(name).append(": ").append(value).append("\r\n");
  }
  request += "\r\n";
  sendRaw(request);
  // The response head, and for a refusal its body (Content-Length).
  std::size_t head_end = std::string::npos;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(std::chrono::seconds(10))) throw std::runtime_error("no handshake response");
  }
  std::istringstream head(buffer_.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  status_ = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.erase(0, 1);
    headers_[lower(line.substr(0, colon))] = value;
  }
  buffer_.erase(0, head_end + 4);
  if (status_ != 101) {
    const std::size_t length =
        headers_.count("content-length") ? std::stoul(headers_["content-length"]) : 0;
    while (buffer_.size() < length && fill(std::chrono::seconds(5))) {
    }
    body_ = buffer_.substr(0, length);
    buffer_.erase(0, std::min(length, buffer_.size()));
  }
}

WebSocketTestClient::~WebSocketTestClient() {
  if (fd_ >= 0) ::close(fd_);
}

std::string WebSocketTestClient::header(const std::string& name) const {
  auto found = headers_.find(lower(name));
  return found == headers_.end() ? "" : found->second;
}

void WebSocketTestClient::sendRaw(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

void WebSocketTestClient::sendFrame(std::uint8_t opcode, const std::string& payload, bool final,
                                    bool masked) {
  std::string frame;
  frame.push_back(static_cast<char>((final ? 0x80 : 0x00) | opcode));
  const std::uint8_t mask_bit = masked ? 0x80 : 0x00;
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(mask_bit | payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    frame.push_back(static_cast<char>(mask_bit | 126));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xFF));
  } else {
    frame.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      frame.push_back(
          static_cast<char>((static_cast<std::uint64_t>(payload.size()) >> shift) & 0xFF));
    }
  }
  if (!masked) {
    frame += payload;
  } else {
    static thread_local std::mt19937 random{std::random_device{}()};
    std::array<char, 4> mask{};
    for (char& byte : mask)
      byte = static_cast<char>(random() & 0xFF);
    frame.append(mask.data(), mask.size());
    for (std::size_t i = 0; i < payload.size(); ++i)
      frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  }
  sendRaw(frame);
}

void WebSocketTestClient::sendClose(std::uint16_t code) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  sendFrame(0x8, payload);
}

bool WebSocketTestClient::fill(std::chrono::milliseconds timeout) {
  pollfd entry{fd_, POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return false;
  std::array<char, 65536> chunk{};
  const ssize_t got = ::recv(fd_, chunk.data(), chunk.size(), 0);
  if (got <= 0) {
    server_closed_ = true;
    return false;
  }
  buffer_.append(chunk.data(), static_cast<std::size_t>(got));
  return true;
}

std::optional<WebSocketFrame> WebSocketTestClient::next(std::chrono::milliseconds timeout,
                                                        bool keep_pings) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (buffer_.size() >= 2) {
      const auto byte = [this](std::size_t i) { return static_cast<std::uint8_t>(buffer_[i]); };
      const std::uint8_t short_length = byte(1) & 0x7F;
      const std::size_t header = short_length == 126 ? 4 : short_length == 127 ? 10 : 2;
      if (buffer_.size() >= header) {
        std::uint64_t length = short_length;
        if (header > 2) {
          length = 0;
          for (std::size_t i = 2; i < header; ++i)
            length = (length << 8) | byte(i);
        }
        if (buffer_.size() >= header + length) {
          WebSocketFrame frame;
          frame.opcode = byte(0) & 0x0F;
          frame.payload = buffer_.substr(header, static_cast<std::size_t>(length));
          buffer_.erase(0, header + static_cast<std::size_t>(length));
          if (frame.opcode == 0x9 && !keep_pings) {
            sendFrame(0xA, frame.payload);
            continue;
          }
          return frame;
        }
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || server_closed_) return std::nullopt;
    if (!fill(left)) {
      if (server_closed_) return std::nullopt;
    }
  }
}

Poco::JSON::Object::Ptr WebSocketTestClient::nextJson(std::chrono::milliseconds timeout) {
  auto frame = next(timeout);
  if (!frame) throw std::runtime_error("no message within the timeout");
  if (frame->opcode != 0x1) {
    throw std::runtime_error("expected a text message, got opcode " +
                             std::to_string(frame->opcode) + " code " +
                             std::to_string(frame->closeCode()));
  }
  Poco::JSON::Parser parser;
  return parser.parse(frame->payload).extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::uint16_t> WebSocketTestClient::waitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto frame = next(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!frame) {
      if (server_closed_) return std::uint16_t{0};
      return std::nullopt;
    }
    if (frame->opcode == 0x8) return frame->closeCode();
  }
  return std::nullopt;
}

void WebSocketTestClient::abort() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace orchestra::testing
