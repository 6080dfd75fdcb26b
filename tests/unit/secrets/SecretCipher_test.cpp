// AES-256-GCM as secrets at rest use it: a NIST test vector, round trips, and refusal of every
// change — altered bytes, other associated data, another key — without returning plaintext.
#include "host/secrets/SecretCipher.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace orchestra::secrets {
namespace {

std::string fromHex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

KeyBytes keyOf(char fill) {
  return *KeyBytes::fromBytes(std::string(KeyBytes::kSize, fill));
}

TEST(SecretCipher, OpensTheNistGcmTestVector) {
  // NIST GCM test case 14: 256-bit zero key, zero IV, one zero block.
  SealedBytes sealed{fromHex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"),
                     std::string(kNonceBytes, '\0')};
  EXPECT_EQ(open(keyOf('\0'), sealed, ""), std::string(16, '\0'));
}

TEST(SecretCipher, RoundTripsWithAFreshNonceEachTime) {
  const KeyBytes key = KeyBytes::random();
  std::set<std::string> nonces;
  for (const std::string& plaintext : {std::string(), std::string("sk-live-123"),
                                       std::string(70000, 'x'), std::string("\0\xff\n", 3)}) {
    const SealedBytes sealed = seal(key, plaintext, "row-1");
    EXPECT_EQ(sealed.nonce.size(), kNonceBytes);
    EXPECT_EQ(sealed.ciphertext_and_tag.size(), plaintext.size() + kTagBytes);
    if (plaintext.size() > 4) {
      EXPECT_EQ(sealed.ciphertext_and_tag.find(plaintext), std::string::npos);
    }
    nonces.insert(sealed.nonce);
    EXPECT_EQ(open(key, sealed, "row-1"), plaintext);
  }
  EXPECT_EQ(nonces.size(), 4U);
}

TEST(SecretCipher, RefusesEveryAlteredByte) {
  const KeyBytes key = KeyBytes::random();
  const SealedBytes sealed = seal(key, "canary value", "row-1");
  for (std::size_t i = 0; i < sealed.ciphertext_and_tag.size(); ++i) {
    SealedBytes altered = sealed;
    altered.ciphertext_and_tag[i] = static_cast<char>(altered.ciphertext_and_tag[i] ^ 1);
    EXPECT_EQ(open(key, altered, "row-1"), std::nullopt) << "byte " << i;
  }
  SealedBytes other_nonce = sealed;
  other_nonce.nonce[0] = static_cast<char>(other_nonce.nonce[0] ^ 1);
  EXPECT_EQ(open(key, other_nonce, "row-1"), std::nullopt);
  SealedBytes truncated = sealed;
  truncated.ciphertext_and_tag.pop_back();
  EXPECT_EQ(open(key, truncated, "row-1"), std::nullopt);
  EXPECT_EQ(open(key, SealedBytes{"short", sealed.nonce}, "row-1"), std::nullopt);
  EXPECT_EQ(open(key, SealedBytes{sealed.ciphertext_and_tag, "bad nonce"}, "row-1"), std::nullopt);
}

TEST(SecretCipher, RefusesOtherAssociatedDataAndOtherKeys) {
  const KeyBytes key = keyOf('a');
  const SealedBytes sealed = seal(key, "canary value", "workspace-1/row-1");
  EXPECT_EQ(open(key, sealed, "workspace-1/row-2"), std::nullopt);
  EXPECT_EQ(open(key, sealed, ""), std::nullopt);
  EXPECT_EQ(open(keyOf('b'), sealed, "workspace-1/row-1"), std::nullopt);
  EXPECT_EQ(open(key, sealed, "workspace-1/row-1"), "canary value");
}

TEST(SecretCipher, KeysAreExactly32Bytes) {
  EXPECT_FALSE(KeyBytes::fromBytes(std::string(31, 'k')).has_value());
  EXPECT_FALSE(KeyBytes::fromBytes(std::string(33, 'k')).has_value());
  EXPECT_EQ(KeyBytes::fromBytes(std::string(32, 'k'))->view(), std::string(32, 'k'));
  EXPECT_NE(KeyBytes::random().view(), KeyBytes::random().view());
}

TEST(SecretCipher, Base64IsStandardAndStrict) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode("\xfb\xff"), "+/8=");
  for (const std::string& bytes : {std::string("f"), std::string("fo"), std::string("foo"),
                                   std::string("\0\xfb\xff", 3), std::string(32, '\x7f')}) {
    EXPECT_EQ(base64Decode(base64Encode(bytes)), bytes);
  }
  for (const char* bad : {"", "Zg", "Zg=", "Z===", "Zm9v\n", "Zm-v", "Zm_v", "=Zm9", "Zg=a"}) {
    EXPECT_EQ(base64Decode(bad), std::nullopt) << bad;
  }
}

TEST(SecretCipher, WipeZeroesTheBytes) {
  std::string text = "sk-live-123";
  wipe(text);
  EXPECT_EQ(text, std::string(11, '\0'));
}

}  // namespace
}  // namespace orchestra::secrets
