#include "orchestra/sdk/SseParser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace orchestra::sdk {
namespace {

std::vector<SseEvent> parseInPieces(std::string_view text, size_t piece) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& event) { events.push_back(event); });
  for (size_t i = 0; i < text.size(); i += piece)
    parser.feed(text.substr(i, piece));
  return events;
}

TEST(SseParser, DispatchesOnBlankLinesWhateverTheLineEndsAndChunking) {
  const std::string stream =
      ": comment\n"
      "event: first\ndata: one\n\n"
      "event:second\r\ndata:  two\r\ndata: more\r\n\r\n"
      "data: [DONE]\r\r"
      "event: without-data\n\n"
      "data: last\n\n";
  for (size_t piece : {1U, 2U, 5U, 1000U}) {
    const auto events = parseInPieces(stream, piece);
    ASSERT_EQ(events.size(), 4U) << piece;
    EXPECT_EQ(events[0].event, "first");
    EXPECT_EQ(events[0].data, "one");
    EXPECT_EQ(events[1].event, "second");
    EXPECT_EQ(events[1].data, " two\nmore");  // only one space after the colon is dropped
    EXPECT_EQ(events[2].event, "");
    EXPECT_EQ(events[2].data, "[DONE]");
    EXPECT_EQ(events[3].data, "last");  // an event without data was not dispatched
  }
}

TEST(SseParser, KnowsWhenTheStreamStopsInsideAnEvent) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& event) { events.push_back(event); });
  parser.feed("data: whole\n\n");
  EXPECT_FALSE(parser.midEvent());
  parser.feed("data: half");
  EXPECT_TRUE(parser.midEvent());
  parser.feed("\n");
  EXPECT_TRUE(parser.midEvent());
  EXPECT_EQ(events.size(), 1U);
}

TEST(SseParser, RefusesAnEndlessLine) {
  SseParser parser([](const SseEvent&) {}, 16);
  EXPECT_THROW(parser.feed(std::string(17, 'x')), std::length_error);
}

}  // namespace
}  // namespace orchestra::sdk
