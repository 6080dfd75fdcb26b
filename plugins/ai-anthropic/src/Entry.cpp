// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "AnthropicPlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::anthropic::AnthropicPlugin)
