#include "host/auth/ClientAddress.hpp"

#include <Poco/Exception.h>
#include <arpa/inet.h>

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

// Poco's tryParse refuses the IPv6 unspecified address ("::", the network of "::/0") because it
// equals the value it uses for "nothing parsed"; inet_pton reads it.
bool parseAddress(const std::string& text, Poco::Net::IPAddress& address) {
  if (Poco::Net::IPAddress::tryParse(text, address)) return true;
  in6_addr bytes{};
  if (::inet_pton(AF_INET6, text.c_str(), &bytes) != 1) return false;
  address = Poco::Net::IPAddress(&bytes, sizeof(bytes));
  return true;
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
    if (!parseAddress(entry.substr(0, slash), network)) {
      throw std::invalid_argument("server.trusted_proxies: not an IP address or CIDR: " + entry);
    }
    network = unmapped(network);
    const unsigned max_bits = network.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
    unsigned bits = max_bits;
    if (slash != std::string::npos) {
      // Digits only: std::stoul alone takes "8x", " 8", "+8" as 8 (and "-1" as a huge number),
      // so a typo in a trusted range would silently widen or narrow it.
      const std::string prefix = entry.substr(slash + 1);
      const bool digits = !prefix.empty() && prefix.size() <= 3 &&
                          prefix.find_first_not_of("0123456789") == std::string::npos;
      bits = digits ? static_cast<unsigned>(std::stoul(prefix)) : max_bits + 1;
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
