// core.http_request: one HTTP call made by the host on the node's behalf (SSRF guard, proxy,
// TLS), with the answer's status, headers and body on "main" and failures classed for retry.
#pragma once

#include <cstdint>

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class HttpRequestNode final : public sdk::NodeType {
 public:
  static constexpr int64_t kDefaultTimeoutMs = 30'000;
  static constexpr int64_t kMaxTimeoutMs = 300'000;
  static constexpr int64_t kMaxResponseBytesLimit = int64_t{100} * 1024 * 1024;

  static sdk::ExtensionInfo describe();
  explicit HttpRequestNode(const sdk::Json& config);
  // Status >= 400 with fail_on_status: 408, 429 and 5xx fail as transient (the runtime
  // retries), other 4xx as permanent; a call that got no answer fails as the host reports it
  // (timeout/unavailable are transient, a refused address is permanent).
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
