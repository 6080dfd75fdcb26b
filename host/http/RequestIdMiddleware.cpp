#include "host/http/RequestIdMiddleware.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace orchestra::http {

bool RequestIdMiddleware::isAcceptableId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string RequestIdMiddleware::generateId() {
  // Request ids only need to be unique, not secret: a per-thread generator keeps this off any lock.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  const std::uint64_t high = generator();
  const std::uint64_t low = generator();
  std::string id(36, '-');
  std::size_t bit = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    const std::uint64_t word = bit < 64 ? high : low;
    id[i] = kHex[(word >> (bit % 64)) & 0xF];
    bit += 4;
  }
  id[14] = '4';  // shaped like a version-4 UUID so that tools recognise it
  return id;
}

std::optional<Response> RequestIdMiddleware::before(Request& request, const RouteMatch&) {
  const std::string_view given = request.header("X-Request-ID");
  request.setRequestId(isAcceptableId(given) ? std::string(given) : generateId());
  return std::nullopt;
}

void RequestIdMiddleware::after(const Request& request, Response& response) {
  response.setHeader("X-Request-ID", request.requestId());
}

}  // namespace orchestra::http
