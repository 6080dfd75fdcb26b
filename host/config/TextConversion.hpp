// Turns the text of one scalar (from YAML after interpolation, or from an ORCHESTRA_* variable)
// into the typed struct member its key describes, with the key's limits and choices enforced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/KeyDescription.hpp"
#include "host/config/ValueOrigin.hpp"

namespace orchestra::config {

// What a value of `key` must look like, for "must be <expectation>, got ..." messages:
// "a string", "an integer", "true or false", "one of trace, debug, ...", ...
std::string expectation(const KeyDescription& key);

// Each throws ConfigError naming `origin` when `text` does not fit `key`.
void assignText(const KeyDescription& key, std::string& target, std::string_view text,
                const ValueOrigin& origin);  // kString and kEnumeration
void assignText(const KeyDescription& key, int& target, std::string_view text,
                const ValueOrigin& origin);
void assignText(const KeyDescription& key, std::int64_t& target, std::string_view text,
                const ValueOrigin& origin);
void assignText(const KeyDescription& key, bool& target, std::string_view text,
                const ValueOrigin& origin);
// A list written as one string (environment variables): comma-separated, items trimmed, empty
// items dropped.
void assignText(const KeyDescription& key, std::vector<std::string>& target, std::string_view text,
                const ValueOrigin& origin);

}  // namespace orchestra::config
