// web.search: a web search through a Jina-SERP-compatible service (s.jina.ai by default),
// answering {"query", "results": [{"title", "url", "description", "content"?}]}.
#pragma once

#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::web_tools {

// The results of a SERP answer body ({"code","status","data":[...]}), at most `count`;
// throws sdk::Error (permanent) when the body is not that shape.
sdk::Json searchResultsFrom(std::string_view body, std::size_t count);

class WebSearchNode final : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe();
  explicit WebSearchNode(const sdk::Json& config);

  // 429 and 5xx transient, 400 validation, other 4xx permanent; the key never in a message.
  sdk::NodeResult execute(sdk::NodeContext& context) const override;
};

}  // namespace orchestra::plugins::web_tools
