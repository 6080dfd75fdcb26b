// The same layout checks as abi_layout_c11.c, seen by a C++17 compiler (what the wrapper and
// the host use), so C and C++ agree on every offset.
#include <type_traits>

#include "abi_layout_checks.h"

static_assert(std::is_standard_layout_v<orc_host_api> && std::is_trivial_v<orc_host_api>,
              "ABI structs must stay plain C structs");
static_assert(std::is_standard_layout_v<orc_plugin_descriptor>, "plain C struct");

int main() {
  return 0;
}
