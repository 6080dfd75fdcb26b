// core.trigger.webhook: starts a workflow when an HTTP request reaches /api/v1/hooks/<path>;
// the host's hook endpoint delivers the request on "main" and this node passes it on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

class WebhookTrigger final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit WebhookTrigger(sdk::Json config);
  // The payload is expected as {"method","path","headers":{name:value},"query","body"}. When
  // it carries "method"/"headers", they are checked against the config again (the hook
  // endpoint checks first; this keeps a misrouted request from starting the workflow), and
  // the secret header is removed so it never lands in stored outputs.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;

 private:
  struct Settings {
    std::string path;
    std::vector<std::string> methods;
    std::optional<std::string> secret_header;
    std::optional<std::string> secret_value;
  };
  static Settings read(const sdk::Json& config, bool at_create);

  sdk::Json config_;
};

}  // namespace orchestra::plugins::core
