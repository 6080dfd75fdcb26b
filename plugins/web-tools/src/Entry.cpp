// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "WebToolsPlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::web_tools::WebToolsPlugin)
