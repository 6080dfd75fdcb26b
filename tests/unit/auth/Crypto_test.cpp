// The primitives authentication is built from: CSPRNG output, HMAC-SHA256 against RFC 4231,
// constant-time comparison, hex, and strict unpadded base64url (RFC 4648 §5).
#include "host/auth/Crypto.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

namespace orchestra::auth {
namespace {

TEST(Crypto, RandomBytesHaveTheAskedLengthAndDoNotRepeat) {
  EXPECT_TRUE(randomBytes(0).empty());
  EXPECT_EQ(randomBytes(1).size(), 1U);
  EXPECT_EQ(randomBytes(32).size(), 32U);
  std::set<std::string> seen;
  for (int draw = 0; draw < 100; ++draw)
    seen.insert(randomBytes(16));
  EXPECT_EQ(seen.size(), 100U);  // 128-bit values: a repeat means the generator is broken
}

TEST(Crypto, RandomBelowStaysInRangeAndReachesEveryValue) {
  EXPECT_THAT([] { randomBelow(0); },
              ::testing::ThrowsMessage<std::invalid_argument>("randomBelow(0)"));
  for (int draw = 0; draw < 50; ++draw)
    EXPECT_EQ(randomBelow(1), 0U);
  std::set<std::uint32_t> seen;
  for (int draw = 0; draw < 2000; ++draw) {
    const std::uint32_t value = randomBelow(10);
    ASSERT_LT(value, 10U);
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 10U);  // missing one of ten in 2000 draws has odds of about 1e-91
  for (int draw = 0; draw < 50; ++draw)
    EXPECT_LT(randomBelow(UINT32_MAX), UINT32_MAX);
}

TEST(Crypto, HmacSha256MatchesRfc4231) {
  // Test case 1: a 20-byte key.
  EXPECT_EQ(toHex(hmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: a key shorter than the digest.
  EXPECT_EQ(toHex(hmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size is hashed first.
  EXPECT_EQ(toHex(hmacSha256(std::string(131, '\xaa'),
                             "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hmacSha256("key", "").size(), 32U);
}

TEST(Crypto, ToHexIsLowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(toHex(""), "");
  EXPECT_EQ(toHex(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
}

TEST(Crypto, ConstantTimeEqualsComparesLengthAndContent) {
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "Abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(constantTimeEquals("", "a"));
  EXPECT_TRUE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(Crypto, Base64UrlMatchesRfc4648WithoutPadding) {
  EXPECT_EQ(base64UrlEncode(""), "");
  EXPECT_EQ(base64UrlEncode("f"), "Zg");
  EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(base64UrlEncode("foobar"), "Zm9vYmFy");
  // The URL-safe alphabet: '-' and '_' where standard base64 has '+' and '/'.
  EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64UrlDecode("-_8"), std::string("\xfb\xff"));
}

TEST(Crypto, Base64UrlRoundTripsEveryByteAndLength) {
  std::string bytes;
  for (int value = 0; value < 256; ++value)
    bytes += static_cast<char>(value);
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string slice = bytes.substr(0, length);
    EXPECT_EQ(base64UrlDecode(base64UrlEncode(slice)), slice) << "length " << length;
  }
  EXPECT_EQ(base64UrlDecode(base64UrlEncode(bytes)), bytes);
}

TEST(Crypto, Base64UrlDecodeRefusesAnythingButTheStrictForm) {
  EXPECT_EQ(base64UrlDecode(""), std::string());
  EXPECT_FALSE(base64UrlDecode("Zm9v=").has_value());   // padding
  EXPECT_FALSE(base64UrlDecode("Zg==").has_value());    // padding
  EXPECT_FALSE(base64UrlDecode("Zm+v").has_value());    // standard alphabet
  EXPECT_FALSE(base64UrlDecode("Zm/v").has_value());    // standard alphabet
  EXPECT_FALSE(base64UrlDecode("Zm9 v").has_value());   // whitespace
  EXPECT_FALSE(base64UrlDecode("Zm9v\n").has_value());  // trailing newline
  EXPECT_FALSE(base64UrlDecode("Zh").has_value());      // non-zero leftover bits
  EXPECT_FALSE(base64UrlDecode("Zm9").has_value());     // non-zero leftover bits
  EXPECT_FALSE(base64UrlDecode("Z").has_value());       // impossible length
  EXPECT_FALSE(base64UrlDecode("Zm9vY").has_value());   // impossible length
  EXPECT_FALSE(base64UrlDecode(std::string("Zm\0v", 4)).has_value());
}

}  // namespace
}  // namespace orchestra::auth
