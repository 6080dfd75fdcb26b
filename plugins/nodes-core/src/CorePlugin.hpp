// The "core" plugin: the built-in node types every workflow is made of (triggers, branching,
// merging, loops, data shaping, delays and HTTP calls).
#pragma once

#include "orchestra/sdk/Plugin.hpp"

namespace orchestra::plugins::core {

struct CorePlugin {
  static constexpr sdk::PluginInfo info{
      "core", "1.0.0", "Core nodes",
      "Triggers (manual, webhook, schedule), if, switch, merge, for each, set, delay and HTTP "
      "request."};
  static void init(sdk::Registrar& registrar);
};

}  // namespace orchestra::plugins::core
