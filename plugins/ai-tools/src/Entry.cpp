// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "AiToolsPlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::ai_tools::AiToolsPlugin)
