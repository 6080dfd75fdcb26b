// The client's IP address for rate limits and session records: the socket's peer, or, only when
// that peer is a configured trusted proxy, the nearest untrusted address in X-Forwarded-For.
#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>
#include <string_view>
#include <vector>

namespace orchestra::auth {

class ClientAddressResolver {
 public:
  // Entries are addresses ("10.0.0.5") or CIDR ranges ("10.0.0.0/8"); throws
  // std::invalid_argument naming a malformed one.
  explicit ClientAddressResolver(const std::vector<std::string>& trusted_proxies);

  // `peer` is the socket's remote address, `forwarded_for` the X-Forwarded-For header (or
  // empty); see auth/http/RequestContext.hpp for the HTTP request's shortcut.
  std::string resolve(const Poco::Net::IPAddress& peer_address,
                      std::string_view forwarded_for) const;

 private:
  struct Range {
    Poco::Net::IPAddress network;
    unsigned prefix_bits = 0;
  };
  bool trusted(const Poco::Net::IPAddress& address) const;

  std::vector<Range> trusted_;
};

}  // namespace orchestra::auth
