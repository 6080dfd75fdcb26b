// The few cryptographic primitives authentication is built from, all on OpenSSL: CSPRNG bytes,
// HMAC-SHA256, constant-time comparison, and unpadded base64url (RFC 4648 §5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::auth {

// `count` bytes from OpenSSL's CSPRNG; throws std::runtime_error when it cannot deliver.
std::string randomBytes(std::size_t count);
// A uniformly distributed integer in [0, upper_exclusive), by rejection sampling (no modulo bias).
std::uint32_t randomBelow(std::uint32_t upper_exclusive);

// The raw 32-byte digest (SHA-256 in hex is text::sha256Hex).
std::string hmacSha256(std::string_view key, std::string_view data);

std::string toHex(std::string_view bytes);

// Equal length and equal bytes, in time independent of where they differ (CRYPTO_memcmp).
bool constantTimeEquals(std::string_view left, std::string_view right);

std::string base64UrlEncode(std::string_view bytes);
// Strict: only the base64url alphabet, no padding, no whitespace; nullopt otherwise.
std::optional<std::string> base64UrlDecode(std::string_view text);

}  // namespace orchestra::auth
