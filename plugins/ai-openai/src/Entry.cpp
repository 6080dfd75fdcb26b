// The shared library's one exported symbol; kept apart so tests link the plugin without it.
#include "OpenAiPlugin.hpp"

ORCHESTRA_PLUGIN(orchestra::plugins::openai::OpenAiPlugin)
