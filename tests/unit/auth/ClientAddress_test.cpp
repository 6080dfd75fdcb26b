// ClientAddressResolver: which configured proxies are trusted (addresses and CIDR ranges, with
// malformed entries refused by name), and which X-Forwarded-For entry is the client.
#include "host/auth/ClientAddress.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace orchestra::auth {
namespace {

Poco::Net::IPAddress ip(const std::string& text) {
  return Poco::Net::IPAddress(text);
}

auto refusedWith(const std::string& message) {
  return ::testing::ThrowsMessage<std::invalid_argument>(message);
}

TEST(ClientAddress, MalformedEntriesAreRefusedByName) {
  const auto build = [](std::string entry) {
    return [entry] { ClientAddressResolver(std::vector<std::string>{"10.0.0.0/8", entry}); };
  };
  EXPECT_THAT(build("proxy.internal"),
              refusedWith("server.trusted_proxies: not an IP address or CIDR: proxy.internal"));
  EXPECT_THAT(build(""), refusedWith("server.trusted_proxies: not an IP address or CIDR: "));
  EXPECT_THAT(build("10.0.0.300/8"),
              refusedWith("server.trusted_proxies: not an IP address or CIDR: 10.0.0.300/8"));
  for (const std::string bad_prefix :
       {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/8x", "10.0.0.0/ 8",
        "10.0.0.0/+8", "10.0.0.0/99999999999999999999", "2001:db8::/129"}) {
    EXPECT_THAT(build(bad_prefix),
                refusedWith("server.trusted_proxies: bad prefix length: " + bad_prefix));
  }
  EXPECT_NO_THROW(ClientAddressResolver(
      {"10.0.0.5", "10.0.0.0/32", "0.0.0.0/0", "2001:db8::/32", "::1", "::/0", "::ffff:10.0.0.7"}));
}

TEST(ClientAddress, WithoutTrustedProxiesThePeerIsTheClient) {
  const ClientAddressResolver resolver({});
  EXPECT_EQ(resolver.resolve(ip("203.0.113.7"), "198.51.100.1"), "203.0.113.7");
  EXPECT_EQ(resolver.resolve(ip("2001:db8::1"), ""), "2001:db8::1");
}

TEST(ClientAddress, AnUntrustedPeerCannotForgeItsAddress) {
  const ClientAddressResolver resolver({"10.0.0.0/8"});
  EXPECT_EQ(resolver.resolve(ip("203.0.113.7"), "10.1.2.3, 198.51.100.1"), "203.0.113.7");
}

TEST(ClientAddress, BehindATrustedProxyTheNearestUntrustedHopIsTheClient) {
  const ClientAddressResolver resolver({"10.0.0.0/8", "192.168.1.5"});
  const auto peer = ip("10.0.0.5");
  EXPECT_EQ(resolver.resolve(peer, "203.0.113.7"), "203.0.113.7");
  // Walked from the right: 10.9.9.9 is another trusted proxy; what the client wrote to the left
  // of its own address (198.51.100.1) is never believed.
  EXPECT_EQ(resolver.resolve(peer, "198.51.100.1, 203.0.113.7,10.9.9.9"), "203.0.113.7");
  EXPECT_EQ(resolver.resolve(peer, " 203.0.113.7 ,\t192.168.1.5 "), "203.0.113.7");
  // A single trusted address is not a range.
  EXPECT_EQ(resolver.resolve(ip("192.168.1.5"), "192.168.1.6"), "192.168.1.6");
  EXPECT_EQ(resolver.resolve(ip("192.168.1.6"), "203.0.113.7"), "192.168.1.6");
}

TEST(ClientAddress, OnlyTrustedHopsMeansTheFarthestOneIsTheClient) {
  const ClientAddressResolver resolver({"10.0.0.0/8"});
  EXPECT_EQ(resolver.resolve(ip("10.0.0.5"), "10.1.1.1, 10.2.2.2"), "10.1.1.1");
  EXPECT_EQ(resolver.resolve(ip("10.0.0.5"), ""), "10.0.0.5");
}

TEST(ClientAddress, GarbageStopsTheWalkAtTheLastKnownHop) {
  const ClientAddressResolver resolver({"10.0.0.0/8"});
  const auto peer = ip("10.0.0.5");
  EXPECT_EQ(resolver.resolve(peer, "203.0.113.7, not-an-address"), "10.0.0.5");
  EXPECT_EQ(resolver.resolve(peer, "203.0.113.7, 10.3.3.3, unknown"), "10.0.0.5");
  EXPECT_EQ(resolver.resolve(peer, "203.0.113.7, , 10.3.3.3"), "10.3.3.3");
  EXPECT_EQ(resolver.resolve(peer, "not-an-address, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(resolver.resolve(peer, "203.0.113.7,"), "10.0.0.5");
  EXPECT_EQ(resolver.resolve(peer, ","), "10.0.0.5");
  EXPECT_EQ(resolver.resolve(peer, "   "), "10.0.0.5");
}

TEST(ClientAddress, Ipv4MappedIpv6AddressesCountAsIpv4) {
  const ClientAddressResolver resolver({"10.0.0.0/8"});
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
  EXPECT_EQ(resolver.resolve(ip("::ffff:10.0.0.5"), "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(resolver.resolve(ip("::ffff:203.0.113.9"), "198.51.100.1"), "203.0.113.9");
  EXPECT_EQ(resolver.resolve(ip("10.0.0.5"), "::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(resolver.resolve(ip("10.0.0.5"), "203.0.113.7, ::ffff:10.4.4.4"), "203.0.113.7");
  const ClientAddressResolver mapped_entry({"::ffff:10.0.0.5"});
  EXPECT_EQ(mapped_entry.resolve(ip("10.0.0.5"), "203.0.113.7"), "203.0.113.7");
}

TEST(ClientAddress, Ipv6RangesMatchOnlyIpv6Addresses) {
  const ClientAddressResolver resolver({"2001:db8::/32"});
  EXPECT_EQ(resolver.resolve(ip("2001:db8:1::1"), "198.51.100.4, 2001:db8::2"), "198.51.100.4");
  EXPECT_EQ(resolver.resolve(ip("2001:db9::1"), "198.51.100.4"), "2001:db9::1");
  // "::" is the unspecified address, which Poco alone does not parse.
  const ClientAddressResolver all_ipv6({"::/0"});
  EXPECT_EQ(all_ipv6.resolve(ip("2001:db8::1"), "198.51.100.4"), "198.51.100.4");
  EXPECT_EQ(all_ipv6.resolve(ip("203.0.113.7"), "198.51.100.4"), "203.0.113.7");
  const ClientAddressResolver all_ipv4({"0.0.0.0/0"});
  EXPECT_EQ(all_ipv4.resolve(ip("2001:db8::1"), "198.51.100.4"), "2001:db8::1");
  EXPECT_EQ(all_ipv4.resolve(ip("203.0.113.7"), "2001:db8::5"), "2001:db8::5");
}

}  // namespace
}  // namespace orchestra::auth
