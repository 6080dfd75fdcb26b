// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "McpToolsPlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::mcp_tools::McpToolsPlugin)
