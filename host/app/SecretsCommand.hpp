// `orchestra secrets rotate-master-key`: re-wraps every workspace data key from the master key
// in secrets.master_key_env to the one in <that variable>_NEW, for operators rotating the key.
#pragma once

#include "host/config/Config.hpp"

namespace orchestra::app {

// Returns the process exit status: 0 when every key is wrapped by the new master key.
int runRotateMasterKeyCommand(const config::Config& config);

}  // namespace orchestra::app
