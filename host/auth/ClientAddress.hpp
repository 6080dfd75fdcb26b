// The client's IP address for rate limits and session records: the socket's peer, or, only when
// that peer is a configured trusted proxy, the nearest untrusted address in X-Forwarded-For.
#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

#include "host/http/Request.hpp"

namespace orchestra::auth {

class ClientAddressResolver {
 public:
  // Entries are addresses ("10.0.0.5") or CIDR ranges ("10.0.0.0/8"); throws
  // std::invalid_argument naming a malformed one.
  explicit ClientAddressResolver(const std::vector<std::string>& trusted_proxies);

  std::string resolve(const http::Request& request) const;

 private:
  struct Range {
    Poco::Net::IPAddress network;
    unsigned prefix_bits = 0;
  };
  bool trusted(const Poco::Net::IPAddress& address) const;

  std::vector<Range> trusted_;
};

}  // namespace orchestra::auth
