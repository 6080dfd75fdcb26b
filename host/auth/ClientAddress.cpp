#include "host/auth/ClientAddress.hpp"

#include <Poco/Exception.h>

#include <stdexcept>

namespace orchestra::auth {

namespace {

// An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 address for every purpose here.
Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address) {
  if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
    return Poco::Net::IPAddress(address.toString().substr(7));
  }
  return address;
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

}  // namespace

ClientAddressResolver::ClientAddressResolver(const std::vector<std::string>& trusted_proxies) {
  for (const auto& entry : trusted_proxies) {
    const auto slash = entry.find('/');
    Poco::Net::IPAddress network;
    if (!Poco::Net::IPAddress::tryParse(entry.substr(0, slash), network)) {
      throw std::invalid_argument("server.trusted_proxies: not an IP address or CIDR: " + entry);
    }
    network = unmapped(network);
    const unsigned max_bits = network.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
    unsigned bits = max_bits;
    if (slash != std::string::npos) {
      try {
        bits = static_cast<unsigned>(std::stoul(entry.substr(slash + 1)));
      } catch (const std::exception&) {
        bits = max_bits + 1;
      }
      if (bits > max_bits) {
        throw std::invalid_argument("server.trusted_proxies: bad prefix length: " + entry);
      }
    }
    trusted_.push_back(
        {Poco::Net::IPAddress(network) & Poco::Net::IPAddress(bits, network.family()), bits});
  }
}

bool ClientAddressResolver::trusted(const Poco::Net::IPAddress& address) const {
  for (const auto& range : trusted_) {
    if (range.network.family() != address.family()) continue;
    const Poco::Net::IPAddress mask(range.prefix_bits, address.family());
    if ((address & mask) == range.network) return true;
  }
  return false;
}

std::string ClientAddressResolver::resolve(const Poco::Net::IPAddress& peer_address,
                                           std::string_view forwarded_for) const {
  const Poco::Net::IPAddress peer = unmapped(peer_address);
  if (trusted_.empty() || !trusted(peer)) return peer.toString();
  // Walk X-Forwarded-For from the right (the hop nearest to us): every trusted proxy appended
  // one entry; the first untrusted one is the client. Entries left of it are client-supplied.
  const std::string_view header = forwarded_for;
  std::string candidate = peer.toString();
  std::size_t end = header.size();
  while (end > 0) {
    const auto comma = header.rfind(',', end - 1);
    const std::size_t begin = comma == std::string_view::npos ? 0 : comma + 1;
    const std::string entry = trim(header.substr(begin, end - begin));
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(entry, address)) break;  // garbage: stop at what we know
    address = unmapped(address);
    candidate = address.toString();
    if (!trusted(address)) break;
    if (comma == std::string_view::npos) break;
    end = comma;
  }
  return candidate;
}

}  // namespace orchestra::auth
