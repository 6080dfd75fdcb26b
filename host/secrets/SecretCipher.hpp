// AES-256-GCM on OpenSSL's EVP interface, the one cipher of secrets at rest: 256-bit keys that
// wipe themselves, sealing with a fresh random nonce, and opening that refuses any change.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::secrets {

// 32 bytes of key material, zeroed (OPENSSL_cleanse) when it goes.
class KeyBytes {
 public:
  static constexpr std::size_t kSize = 32;

  // From OpenSSL's CSPRNG; throws std::runtime_error when it cannot deliver.
  static KeyBytes random();
  // nullopt unless `bytes` is exactly kSize long.
  static std::optional<KeyBytes> fromBytes(std::string_view bytes);

  KeyBytes(const KeyBytes& other) = default;
  KeyBytes& operator=(const KeyBytes& other) = default;
  ~KeyBytes();

  const unsigned char* data() const noexcept { return bytes_.data(); }
  std::string_view view() const noexcept {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  KeyBytes() = default;
  std::array<unsigned char, kSize> bytes_{};
};

// What sealing produces, as raw bytes: the ciphertext followed by the 16-byte tag, and the
// 12-byte nonce it was sealed with.
struct SealedBytes {
  std::string ciphertext_and_tag;
  std::string nonce;
};

inline constexpr std::size_t kNonceBytes = 12;
inline constexpr std::size_t kTagBytes = 16;

// Encrypts and authenticates `plaintext` together with `associated_data` (authenticated, not
// encrypted). Throws std::runtime_error only when OpenSSL itself fails.
SealedBytes seal(const KeyBytes& key, std::string_view plaintext, std::string_view associated_data);

// The plaintext, or nullopt when the tag does not verify: another key, other associated data,
// or any changed byte. Never returns unauthenticated bytes.
std::optional<std::string> open(const KeyBytes& key, const SealedBytes& sealed,
                                std::string_view associated_data);

// Overwrites a string's bytes (plaintext secrets, decoded keys) before it is released.
void wipe(std::string& text) noexcept;

// Standard base64 (RFC 4648 §4, padded), how sealed bytes are stored; decoding is strict and
// answers nullopt for anything else.
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace orchestra::secrets
