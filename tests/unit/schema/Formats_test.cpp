#include "host/schema/Formats.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace orchestra::schema {
namespace {

// The suite's optional/format files cover the common cases; these are the edges we rely on.
TEST(Formats, DatesKnowTheCalendar) {
  EXPECT_TRUE(conformsTo(Format::Date, "2024-02-29"));
  EXPECT_FALSE(conformsTo(Format::Date, "2023-02-29"));
  EXPECT_FALSE(conformsTo(Format::Date, "2024-13-01"));
  EXPECT_TRUE(conformsTo(Format::DateTime, "1998-12-31T23:59:60Z"));   // a leap second
  EXPECT_FALSE(conformsTo(Format::DateTime, "1998-12-31T22:59:60Z"));  // only at 23:59 UTC
  EXPECT_TRUE(conformsTo(Format::DateTime, "1998-12-31T15:59:60-08:00"));
  EXPECT_FALSE(conformsTo(Format::DateTime, "2024-05-01T12:00:00"));  // an offset is required
  EXPECT_FALSE(conformsTo(Format::DateTime, "2024-05-01 12:00:00Z"));
}

TEST(Formats, UuidsEmailsHostsAndAddresses) {
  EXPECT_TRUE(conformsTo(Format::Uuid, "2EB8AA08-AA98-11EA-B4AA-73B441D16380"));
  EXPECT_FALSE(conformsTo(Format::Uuid, "2eb8aa08-aa98-11ea-b4aa-73b441d1638"));
  EXPECT_FALSE(conformsTo(Format::Uuid, "2eb8aa08aa9811eab4aa73b441d16380"));
  EXPECT_TRUE(conformsTo(Format::Email, "first.last+tag@example.co.uk"));
  EXPECT_TRUE(conformsTo(Format::Email, "\"joe bloggs\"@example.com"));
  EXPECT_FALSE(conformsTo(Format::Email, ".joe@example.com"));
  EXPECT_FALSE(conformsTo(Format::Email, "joe@-example.com"));
  EXPECT_FALSE(conformsTo(Format::Hostname, "a..b"));
  EXPECT_FALSE(conformsTo(Format::Hostname, std::string(254, 'a')));
  EXPECT_FALSE(conformsTo(Format::Ipv4, "01.2.3.4"));
  EXPECT_TRUE(conformsTo(Format::Ipv6, "::ffff:192.168.0.1"));
  EXPECT_FALSE(conformsTo(Format::Ipv6, "1::2::3"));
}

// Everything that reaches a mail's To: header or a person's screen: no control, invisible or
// bidirectional character, no malformed dot or hyphen, internationalised domains as punycode.
// Bidirectional controls as bytes, so that no literal in this file reorders how it reads.
std::string rightToLeftOverride() {
  return {'\xE2', '\x80', '\xAE'};  // U+202E
}
std::string leftToRightIsolate() {
  return {'\xE2', '\x81', '\xA6'};  // U+2066
}

TEST(Formats, EmailAddressesHoldOnlyWhatAnAddressMay) {
  EXPECT_TRUE(conformsTo(Format::Email, "a@xn--bcher-kva.example"));
  EXPECT_TRUE(conformsTo(Format::Email, std::string(64, 'a') + "@b.com"));
  EXPECT_TRUE(conformsTo(Format::Email, "\"a\\\"b\"@b.com"));  // an escaped quote
  const std::vector<std::string> refused_addresses = {
      "a@b.com\u2028x",  // line separator
      "a@b.com\u2029",   // paragraph separator
      "a\u0085@b.com",   // NEL (C1)
      "a@b.com\u0085",   // NEL in the domain
      "a" + rightToLeftOverride() + "@b.com",
      "a@b" + leftToRightIsolate() + ".com",
      "a\u200b@b.com",                             // zero-width space
      "a\u00ad@b.com",                             // soft hyphen
      "\"a" + rightToLeftOverride() + "\"@b.com",  // inside a quoted local part
      "\"a\\\r\\\nBcc: x\"@b.com",                 // escaped CR LF: a header injection
      "\"a\\\u0085\"@b.com",                       // an escaped C1 control
      "a\tb@b.com",
      "a@-b.com",
      "a@b-.com",
      "a@b..com",
      ".a@b.com",
      "a.@b.com",
      "a..b@b.com",
      "a@b\u00fccher.com",  // IDN: only as punycode
  };
  for (const std::string& refused : refused_addresses) {
    EXPECT_FALSE(conformsTo(Format::Email, refused)) << refused;
  }
  EXPECT_FALSE(conformsTo(Format::Email, std::string(65, 'a') + "@b.com"));
  EXPECT_FALSE(conformsTo(Format::Email, std::string("a\0b@b.com", 9)));
}

TEST(Formats, UrisNeedASchemeAndValidCharacters) {
  EXPECT_TRUE(conformsTo(Format::Uri, "https://user@example.com:8443/a/b?c=d#e"));
  EXPECT_TRUE(conformsTo(Format::Uri, "urn:isbn:0451450523"));
  EXPECT_FALSE(conformsTo(Format::Uri, "https://exa mple.com"));
  EXPECT_FALSE(conformsTo(Format::Uri, "https://example.com:80a/"));
  EXPECT_FALSE(conformsTo(Format::Uri, "https://example.com/%zz"));
  EXPECT_TRUE(conformsTo(Format::UriReference, "../a?b"));
}

TEST(Formats, UnknownNamesAreNeverChecked) {
  EXPECT_EQ(formatNamed("x-color"), Format::Unknown);
  EXPECT_TRUE(conformsTo(Format::Unknown, ""));
  EXPECT_EQ(formatNamed("date-time"), Format::DateTime);
}

}  // namespace
}  // namespace orchestra::schema
