// web.read: one web page as text. With a key, through a Jina-reader-compatible service
// (r.jina.ai by default); without one, a direct GET whose HTML is turned into text here.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::web_tools {

class WebReadNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit WebReadNode(const sdk::Json& config);

  // Output {"url", "title", "content", "source": "reader" | "direct", "truncated"}. An address
  // the host refuses (SSRF guard) or a page that is not text is a validation error.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;
};

}  // namespace orchestra::plugins::web_tools
