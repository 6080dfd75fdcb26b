// ${NAME} and ${NAME:-default} in configuration values, so that secrets and per-host settings
// come from the environment instead of the file; "$${" writes a literal "${".
#pragma once

#include <string>
#include <string_view>

#include "host/config/Environment.hpp"
#include "host/config/ValueOrigin.hpp"

namespace orchestra::config {

// `text` with every reference replaced. As in the shell, ":-" also applies the default when the
// variable is set but empty. Throws ConfigError naming `origin` for an unset variable without a
// default, an unterminated "${" or a name that is not [A-Za-z_][A-Za-z0-9_]*.
std::string interpolate(std::string_view text, const Environment& environment,
                        const ValueOrigin& origin);

}  // namespace orchestra::config
