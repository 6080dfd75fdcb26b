// OtpService against a real (SQLite) database: six-digit codes mailed to the normalised
// address, stored only as a keyed hash, bound to their purpose, retired by a newer request,
// dead after their lifetime or their guesses.
#include "host/auth/OtpService.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "host/errors/ApiError.hpp"
#include "host/store/OtpRepository.hpp"
#include "tests/unit/auth/AuthServiceTestSupport.hpp"

namespace orchestra::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

const std::vector<std::string> kLogin = {"login"};  // NOLINT(cert-err58-cpp): a test constant

class OtpServiceTest : public AuthServiceTest {
 protected:
  OtpService service(int ttl_seconds = 300, int max_attempts = 5,
                     std::string hash_key = "otp-unit-test-hash-key") {
    return OtpService(database_, mail_,
                      OtpSettings{std::move(hash_key), ttl_seconds, max_attempts});
  }

  // The code of the newest mail (its subject ends with it).
  std::string mailedCode() {
    const auto message = mail_.last();
    if (!message) {
      ADD_FAILURE() << "no mail was sent";
      return {};
    }
    return message->subject.substr(message->subject.rfind(' ') + 1);
  }

  // A six-digit code that is not `code`.
  static std::string otherThan(const std::string& code) {
    return code == "000000" ? "000001" : "000000";
  }
};

TEST_F(OtpServiceTest, MailsASixDigitCodeToTheNormalisedAddress) {
  OtpService otp = service();
  otp.request("  Ada@Example.COM ", "login", ClientInfo{"203.0.113.7", "curl/8"});
  ASSERT_EQ(mail_.sent().size(), 1U);
  EXPECT_EQ(mail_.last()->to, "ada@example.com");
  const std::string code = mailedCode();
  EXPECT_THAT(code, MatchesRegex("[0-9]{6}"));
  EXPECT_THAT(mail_.last()->text_body, HasSubstr("code is " + code));
  EXPECT_EQ(otp.ttlSeconds(), 300);
}

TEST_F(OtpServiceTest, MailsNothingToWhatIsNotAnAddress) {
  OtpService otp = service();
  const std::vector<std::string> refused_addresses = {
      "a@b.com\u2028x", "\"a\\\r\\\nBcc: x\"@b.com",
      "a" + std::string{'\xE2', '\x80', '\xAE'} + "@b.com",  // U+202E, a bidirectional override
      "not-an-address"};
  for (const std::string& refused : refused_addresses) {
    EXPECT_THROW(otp.request(refused, "login", {}), errors::ApiError) << refused;
  }
  EXPECT_TRUE(mail_.sent().empty());
}

TEST_F(OtpServiceTest, StoresOnlyAKeyedHashOfTheCode) {
  service().request("ada@example.com", "login", {});
  const std::string code = mailedCode();
  const auto row = store::OtpRepository(database_).findLatestUnused("ada@example.com", kLogin);
  ASSERT_TRUE(row.has_value());
  EXPECT_THAT(row->code_hash, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_THAT(row->code_hash, Not(HasSubstr(code)));
  EXPECT_EQ(row->purpose, "login");
  // Another key (another installation's secret) cannot check the same row.
  EXPECT_FALSE(service(300, 5, "another-hash-key").check("ada@example.com", code, kLogin));
}

TEST_F(OtpServiceTest, TheRightCodeIsAcceptedForAnyFormOfTheAddress) {
  OtpService otp = service();
  otp.request("ada@example.com", "login", {});
  const std::string code = mailedCode();
  const auto id = otp.check(" ADA@example.com", code, kLogin);
  ASSERT_TRUE(id.has_value());
  // check() does not consume the code: LoginService marks it used in its own transaction.
  EXPECT_EQ(otp.check("ada@example.com", code, {"signup", "login"}), id);
}

TEST_F(OtpServiceTest, AWrongCodeOrAnotherAddressIsRefused) {
  OtpService otp = service();
  otp.request("ada@example.com", "login", {});
  const std::string code = mailedCode();
  EXPECT_FALSE(otp.check("ada@example.com", otherThan(code), kLogin));
  EXPECT_FALSE(otp.check("bob@example.com", code, kLogin));
  EXPECT_FALSE(otp.check("ada@example.com", "", kLogin));
  EXPECT_TRUE(otp.check("ada@example.com", code, kLogin));
}

TEST_F(OtpServiceTest, ACodeOnlyServesItsOwnPurpose) {
  OtpService otp = service();
  otp.request("ada@example.com", "reset", {});
  const std::string code = mailedCode();
  EXPECT_FALSE(otp.check("ada@example.com", code, {"login", "signup"}));
  EXPECT_TRUE(otp.check("ada@example.com", code, {"reset"}));
}

TEST_F(OtpServiceTest, ANewRequestRetiresThePreviousCode) {
  OtpService otp = service();
  otp.request("ada@example.com", "login", {});
  const std::string first = mailedCode();
  otp.request("ada@example.com", "login", {});
  const std::string second = mailedCode();
  ASSERT_EQ(mail_.sent().size(), 2U);
  if (first != second) {  // one chance in a million that the new code is the old one
    EXPECT_FALSE(otp.check("ada@example.com", first, kLogin));
  }
  EXPECT_TRUE(otp.check("ada@example.com", second, kLogin));
}

TEST_F(OtpServiceTest, TheRightCodeDiesAfterMaxAttemptsGuesses) {
  OtpService otp = service(300, 3);
  otp.request("ada@example.com", "login", {});
  const std::string code = mailedCode();
  for (int guess = 0; guess < 3; ++guess)
    EXPECT_FALSE(otp.check("ada@example.com", otherThan(code), kLogin));
  EXPECT_FALSE(otp.check("ada@example.com", code, kLogin));
}

TEST_F(OtpServiceTest, AnExpiredCodeIsRefused) {
  OtpService otp = service(-1);  // expired the moment it is stored
  otp.request("ada@example.com", "login", {});
  EXPECT_FALSE(otp.check("ada@example.com", mailedCode(), kLogin));
}

TEST_F(OtpServiceTest, AMailThatCannotBeSentIsAnError) {
  mail_.failFromNowOn();
  EXPECT_THROW(service().request("ada@example.com", "login", {}), EmailDeliveryError);
}

}  // namespace
}  // namespace orchestra::auth
