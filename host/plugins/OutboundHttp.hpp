// Outbound HTTP on behalf of plugins (host_http_request): http/https only, a guard that refuses
// private, loopback, link-local and metadata addresses unless the operator allows them, and
// bounded time and size.
#pragma once

#include <orchestra/abi.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orchestra::plugins {

struct OutboundHttpSettings {
  bool allow_private_addresses = false;  // tests and on-premise set-ups talk to loopback/LAN
  std::uint32_t default_timeout_ms = 30000;
  std::uint64_t default_max_response_bytes = std::uint64_t{10} * 1024 * 1024;
};

struct OutboundRequest {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::uint32_t timeout_ms = 0;
  std::uint64_t max_response_bytes = 0;
  // When set, the body is handed over chunk by chunk instead of collected.
  std::function<orc_status(std::string_view chunk)> on_body_chunk;
  std::function<bool()> is_cancelled;
};

struct OutboundResponse {
  orc_status status = ORC_OK;  // ORC_OK when a response arrived, whatever its status code
  int status_code = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string error_message;
};

class OutboundHttp {
 public:
  explicit OutboundHttp(OutboundHttpSettings settings) : settings_(settings) {}

  OutboundResponse perform(const OutboundRequest& request) const;

 private:
  OutboundHttpSettings settings_;
};

}  // namespace orchestra::plugins
