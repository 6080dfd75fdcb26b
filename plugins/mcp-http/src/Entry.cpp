// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "McpHttpPlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::mcp_http::McpHttpPlugin)
