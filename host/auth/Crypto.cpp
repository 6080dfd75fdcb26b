#include "host/auth/Crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace orchestra::auth {

namespace {
constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64UrlValue(char character) {
  if (character >= 'A' && character <= 'Z') return character - 'A';
  if (character >= 'a' && character <= 'z') return character - 'a' + 26;
  if (character >= '0' && character <= '9') return character - '0' + 52;
  if (character == '-') return 62;
  if (character == '_') return 63;
  return -1;
}
}  // namespace

std::string randomBytes(std::size_t count) {
  std::string bytes(count, '\0');
  if (count > 0 &&
      RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  return bytes;
}

std::uint32_t randomBelow(std::uint32_t upper_exclusive) {
  if (upper_exclusive == 0) throw std::invalid_argument("randomBelow(0)");
  // Values at or above the largest multiple of the bound would make small results likelier.
  const std::uint64_t range = std::uint64_t{1} << 32;
  const std::uint64_t limit = range - (range % upper_exclusive);
  while (true) {
    const std::string bytes = randomBytes(4);
    std::uint32_t value = 0;
    for (const char byte : bytes)
      value = (value << 8) | static_cast<unsigned char>(byte);
    if (value < limit) return value % upper_exclusive;
  }
}

std::string hmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(),
           &length) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  }
  return {reinterpret_cast<const char*>(digest.data()), length};
}

std::string toHex(std::string_view bytes) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char byte : bytes) {
    const auto value = static_cast<unsigned char>(byte);
    out += kHex[value >> 4];
    out += kHex[value & 0x0F];
  }
  return out;
}

bool constantTimeEquals(std::string_view left, std::string_view right) {
  // Lengths are public (digests and codes have fixed sizes); only the content is compared in
  // constant time.
  if (left.size() != right.size()) return false;
  if (left.empty()) return true;
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

std::string base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t index = 0;
  while (index + 3 <= bytes.size()) {
    const std::uint32_t chunk = (static_cast<unsigned char>(bytes[index]) << 16) |
                                (static_cast<unsigned char>(bytes[index + 1]) << 8) |
                                static_cast<unsigned char>(bytes[index + 2]);
    out += kBase64UrlAlphabet[(chunk >> 18) & 0x3F];
    out += kBase64UrlAlphabet[(chunk >> 12) & 0x3F];
    out += kBase64UrlAlphabet[(chunk >> 6) & 0x3F];
    out += kBase64UrlAlphabet[chunk & 0x3F];
    index += 3;
  }
  const std::size_t rest = bytes.size() - index;
  if (rest == 1) {
    const std::uint32_t chunk = static_cast<unsigned char>(bytes[index]) << 16;
    out += kBase64UrlAlphabet[(chunk >> 18) & 0x3F];
    out += kBase64UrlAlphabet[(chunk >> 12) & 0x3F];
  } else if (rest == 2) {
    const std::uint32_t chunk = (static_cast<unsigned char>(bytes[index]) << 16) |
                                (static_cast<unsigned char>(bytes[index + 1]) << 8);
    out += kBase64UrlAlphabet[(chunk >> 18) & 0x3F];
    out += kBase64UrlAlphabet[(chunk >> 12) & 0x3F];
    out += kBase64UrlAlphabet[(chunk >> 6) & 0x3F];
  }
  return out;
}

std::optional<std::string> base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char character : text) {
    const int value = base64UrlValue(character);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero: otherwise two different texts would decode to the same bytes,
  // and a tampered signature could still verify.
  if (bits > 0 && (buffer & ((1U << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace orchestra::auth
