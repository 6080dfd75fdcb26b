#include "host/secrets/SecretCipher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace orchestra::secrets {

namespace {

using ContextPtr = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

ContextPtr newContext() {
  ContextPtr context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!context) throw std::runtime_error("AES-256-GCM: cannot allocate a cipher context");
  return context;
}

const unsigned char* bytesOf(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* bytesOf(std::string& text) {
  return reinterpret_cast<unsigned char*>(text.data());
}

int sizeOf(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) {
    throw std::runtime_error("AES-256-GCM: input too large");
  }
  return static_cast<int>(text.size());
}

}  // namespace

KeyBytes KeyBytes::random() {
  KeyBytes key;
  if (RAND_bytes(key.bytes_.data(), static_cast<int>(key.bytes_.size())) != 1) {
    throw std::runtime_error("the system's random generator failed");
  }
  return key;
}

std::optional<KeyBytes> KeyBytes::fromBytes(std::string_view bytes) {
  if (bytes.size() != kSize) return std::nullopt;
  KeyBytes key;
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

KeyBytes::~KeyBytes() {
  OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

SealedBytes seal(const KeyBytes& key, std::string_view plaintext,
                 std::string_view associated_data) {
  SealedBytes sealed;
  sealed.nonce.resize(kNonceBytes);
  if (RAND_bytes(bytesOf(sealed.nonce), static_cast<int>(kNonceBytes)) != 1) {
    throw std::runtime_error("the system's random generator failed");
  }
  const ContextPtr context = newContext();
  sealed.ciphertext_and_tag.resize(plaintext.size() + kTagBytes);
  int written = 0;
  int final_written = 0;
  // GCM is a stream mode: the ciphertext is exactly as long as the plaintext.
  const bool ok =
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                         bytesOf(sealed.nonce)) == 1 &&
      EVP_EncryptUpdate(context.get(), nullptr, &written, bytesOf(associated_data),
                        sizeOf(associated_data)) == 1 &&
      EVP_EncryptUpdate(context.get(), bytesOf(sealed.ciphertext_and_tag), &written,
                        bytesOf(plaintext), sizeOf(plaintext)) == 1 &&
      EVP_EncryptFinal_ex(context.get(), bytesOf(sealed.ciphertext_and_tag) + written,
                          &final_written) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                          bytesOf(sealed.ciphertext_and_tag) + plaintext.size()) == 1;
  if (!ok) throw std::runtime_error("AES-256-GCM: encryption failed");
  return sealed;
}

std::optional<std::string> open(const KeyBytes& key, const SealedBytes& sealed,
                                std::string_view associated_data) {
  const std::string& input = sealed.ciphertext_and_tag;
  if (sealed.nonce.size() != kNonceBytes || input.size() < kTagBytes) return std::nullopt;
  const std::size_t text_size = input.size() - kTagBytes;
  std::string tag = input.substr(text_size);
  std::string plaintext(text_size, '\0');
  const ContextPtr context = newContext();
  int written = 0;
  int final_written = 0;
  const bool ok =
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.data(),
                         bytesOf(sealed.nonce)) == 1 &&
      EVP_DecryptUpdate(context.get(), nullptr, &written, bytesOf(associated_data),
                        sizeOf(associated_data)) == 1 &&
      EVP_DecryptUpdate(context.get(), bytesOf(plaintext), &written, bytesOf(input),
                        sizeOf(std::string_view(input).substr(0, text_size))) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes),
                          bytesOf(tag)) == 1 &&
      // Only here is the tag checked: nothing decrypted is returned before it verifies.
      EVP_DecryptFinal_ex(context.get(), bytesOf(plaintext) + written, &final_written) == 1;
  if (!ok) {
    wipe(plaintext);
    return std::nullopt;
  }
  return plaintext;
}

void wipe(std::string& text) noexcept {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
}

std::string base64Encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  const int size = EVP_EncodeBlock(bytesOf(text), bytesOf(bytes), sizeOf(bytes));
  text.resize(static_cast<std::size_t>(size));
  return text;
}

std::optional<std::string> base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || c == '+' || c == '/';
    // Padding only at the end, at most two.
    const bool padding =
        c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text[i + 1] == '=');
    if (!alphabet && !padding) return std::nullopt;
  }
  std::string bytes(3 * (text.size() / 4), '\0');
  const int size = EVP_DecodeBlock(bytesOf(bytes), bytesOf(text), sizeOf(text));
  if (size < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes the padding stands for; drop them.
  std::size_t padding = 0;
  if (text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  bytes.resize(static_cast<std::size_t>(size) - padding);
  return bytes;
}

}  // namespace orchestra::secrets
