// The "web.tools" plugin: web search (Jina SERP shape) and page reading (Jina reader, or a
// direct fetch turned into text), all through the host's outbound HTTP client and SSRF guard.
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::web_tools {

struct WebToolsPlugin {
  static constexpr sdk::PluginInfo info{"web.tools", "1.0.0", "Web tools",
                                        "Web search and page reading nodes."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::web_tools
