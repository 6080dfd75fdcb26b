// What the host records about the client behind a login or refresh: its address (as
// ClientAddressResolver determined it) and its User-Agent, both bounded in size.
#pragma once

#include <optional>
#include <string>

namespace orchestra::auth {

struct ClientInfo {
  std::optional<std::string> ip_address;
  std::optional<std::string> user_agent;  // at most 512 bytes
};

}  // namespace orchestra::auth
