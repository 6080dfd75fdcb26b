// LogEmailSender (development only): each message lands whole as an .eml file in the outbox,
// marked as not sent, and an outbox that cannot be created is a delivery error.
#include "host/auth/LogEmailSender.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "host/store/SqlValues.hpp"

namespace orchestra::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class LogEmailSenderTest : public ::testing::Test {
 protected:
  LogEmailSenderTest()
      : root_(std::filesystem::temp_directory_path() / ("orchestra-outbox-" + store::newUuid())) {}
  ~LogEmailSenderTest() override { std::filesystem::remove_all(root_); }

  std::vector<std::filesystem::path> files(const std::filesystem::path& folder) const {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      found.push_back(entry.path());
    return found;
  }

  static std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path root_;
};

TEST_F(LogEmailSenderTest, WritesEachMessageAsAnEmlFileInTheOutbox) {
  const std::filesystem::path outbox = root_ / "nested" / "outbox";  // created on first use
  LogEmailSender sender(outbox, "Orchestra <no-reply@example.com>");
  sender.send(EmailMessage{"ada@example.com", "Your code: 123456", "code is 123456\r\n", "<p/>"});
  sender.send(EmailMessage{"bob@example.com", "Another", "text", "<p/>"});
  const auto written = files(outbox);
  ASSERT_EQ(written.size(), 2U);  // and no .partial file left behind
  for (const auto& file : written)
    EXPECT_EQ(file.extension(), ".eml") << file;

  // Names start with the time to the millisecond: two messages in one millisecond may sort
  // either way, so the message is picked by its recipient.
  const std::string first = read(written[0]);
  const std::string text = first.find("To: ada@") != std::string::npos ? first : read(written[1]);
  EXPECT_THAT(text, StartsWith("X-Orchestra-Development-Only: email.provider is \"log\"; this "
                               "message was NOT sent\r\n"));
  EXPECT_THAT(text, HasSubstr("From: Orchestra <no-reply@example.com>\r\n"));
  EXPECT_THAT(text, HasSubstr("To: ada@example.com\r\n"));
  EXPECT_THAT(text, HasSubstr("Subject: Your code: 123456\r\n"));
  EXPECT_THAT(text, HasSubstr("\r\n\r\ncode is 123456\r\n"));
}

TEST_F(LogEmailSenderTest, AnOutboxThatCannotBeCreatedIsADeliveryError) {
  std::filesystem::create_directories(root_);
  const std::filesystem::path blocker = root_ / "a-file";
  std::ofstream(blocker) << "not a folder";
  LogEmailSender sender(blocker / "outbox", "Orchestra <no-reply@example.com>");
  EXPECT_THAT(
      [&] {
        sender.send(EmailMessage{"ada@example.com", "s", "t", "h"});
      },
      ::testing::ThrowsMessage<EmailDeliveryError>("cannot create outbox " +
                                                   (blocker / "outbox").string()));
}

}  // namespace
}  // namespace orchestra::auth
