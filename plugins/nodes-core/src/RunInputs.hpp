// What every core node reads at the start of a run: the config resolved for this run and the
// JSON arriving on its "main" input port.
#pragma once

#include "orchestra/sdk/Json.hpp"
#include "orchestra/sdk/NodeType.hpp"

namespace orchestra::plugins::core {

// The host sends each run the config with its {{ expressions }} resolved; a host that sends
// none (an empty object) means "the config the instance was created with".
const sdk::Json& runConfig(const sdk::NodeContext& context, const sdk::Json& created_config);

// The JSON on input port "main", or an empty object when nothing arrived there. Triggers get
// their payload (webhook request, manual run input, scheduler tick) on this port too.
sdk::Json mainInput(const sdk::NodeContext& context);

}  // namespace orchestra::plugins::core
