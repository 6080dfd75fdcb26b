// The stdio framing: messages split on newlines however the bytes arrive, CRLF and blank lines
// tolerated, and an endless line refused instead of buffered.
#include "LineSplitter.hpp"

#include <gtest/gtest.h>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::mcp_stdio {
namespace {

TEST(LineSplitter, WholeLinesComeOutHoweverTheBytesArrive) {
  LineSplitter lines(1024);
  lines.append(R"({"id":1)");
  EXPECT_EQ(lines.next(), std::nullopt);
  lines.append("}\n\r\n\n{\"id\":2}\r\n{\"id\"");
  EXPECT_EQ(lines.next(), R"({"id":1})");
  EXPECT_EQ(lines.next(), R"({"id":2})");
  EXPECT_EQ(lines.next(), std::nullopt);
  lines.append(":3}\n");
  EXPECT_EQ(lines.next(), R"({"id":3})");
}

TEST(LineSplitter, ALineLongerThanTheLimitIsAnError) {
  LineSplitter lines(8);
  lines.append("12345678");
  EXPECT_EQ(lines.next(), std::nullopt);
  lines.append("9");
  EXPECT_THROW(lines.next(), sdk::Error);
}

}  // namespace
}  // namespace orchestra::plugins::mcp_stdio
