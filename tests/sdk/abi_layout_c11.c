/* Compiles the ABI header as strict C11 and checks its v1.0 layout at compile time.
 * Built with -std=c11 -Wall -Wextra -Werror -pedantic; running it only confirms it linked. */
#include "abi_layout_checks.h"

/* A plugin written in C must be able to define the entry symbol against the declaration. */
static const orc_plugin_descriptor kDescriptor = {
    .struct_size = sizeof(orc_plugin_descriptor),
    .abi_major = ORC_ABI_VERSION_MAJOR,
    .abi_minor = ORC_ABI_VERSION_MINOR,
};

const orc_plugin_descriptor* orc_plugin_entry_v1(void) {
  return &kDescriptor;
}

int main(void) {
  return orc_plugin_entry_v1()->abi_major == ORC_ABI_VERSION_MAJOR ? 0 : 1;
}
