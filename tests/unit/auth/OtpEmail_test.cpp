// The one-time-code mail: the code in subject, text and HTML, the lifetime in whole minutes
// (rounded up), and nothing of the recipient's address in the HTML, where it could inject markup.
#include "host/auth/OtpEmail.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace orchestra::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(OtpEmail, CarriesTheCodeEverywhere) {
  const EmailMessage message = otpEmail("ada@example.com", "042917", 300);
  EXPECT_EQ(message.to, "ada@example.com");
  EXPECT_EQ(message.subject, "Your Orchestra sign-in code: 042917");
  EXPECT_EQ(message.text_body,
            "Your Orchestra sign-in code is 042917\r\n\r\nIt expires in 5 minutes and works "
            "once. If you did not ask for it, ignore this mail.\r\n");
  EXPECT_THAT(message.html_body, HasSubstr("<strong>042917</strong>"));
  EXPECT_THAT(message.html_body, HasSubstr("It expires in 5 minutes"));
}

TEST(OtpEmail, RoundsTheLifetimeUpToWholeMinutes) {
  EXPECT_THAT(otpEmail("a@b.io", "000000", 60).text_body, HasSubstr("expires in 1 minutes"));
  EXPECT_THAT(otpEmail("a@b.io", "000000", 61).text_body, HasSubstr("expires in 2 minutes"));
  EXPECT_THAT(otpEmail("a@b.io", "000000", 1).html_body, HasSubstr("expires in 1 minutes"));
}

TEST(OtpEmail, TheAddressNeverReachesTheBodies) {
  // The address is user input; only the To: field may carry it.
  const std::string hostile = "\"<script>alert(1)</script>\"@example.com";
  const EmailMessage message = otpEmail(hostile, "123456", 300);
  EXPECT_EQ(message.to, hostile);
  EXPECT_THAT(message.html_body, Not(HasSubstr("<script>")));
  EXPECT_THAT(message.html_body, Not(HasSubstr("example.com")));
  EXPECT_THAT(message.text_body, Not(HasSubstr("example.com")));
  EXPECT_THAT(message.subject, Not(HasSubstr("example.com")));
}

}  // namespace
}  // namespace orchestra::auth
