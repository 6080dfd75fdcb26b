#include "host/ws/Frame.hpp"

#include <gtest/gtest.h>

#include <array>

#include "host/ws/Handshake.hpp"

namespace orchestra::ws {
namespace {

std::string masked(std::uint8_t first, const std::string& payload) {
  std::string frame;
  frame.push_back(static_cast<char>(first));
  const std::array<char, 4> mask = {0x11, 0x22, 0x33, 0x44};
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xFF));
  }
  frame.append(mask.data(), mask.size());
  for (std::size_t i = 0; i < payload.size(); ++i)
    frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return frame;
}

TEST(Frame, ParsesAMaskedTextFrameAndNeedsMoreForAPartialOne) {
  const std::string bytes = masked(0x81, "hello");
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(parseClientFrame(bytes.substr(0, cut), 100)))
        << cut;
  }
  auto parsed = parseClientFrame(bytes + "next", 100);
  ASSERT_TRUE(std::holds_alternative<ParsedFrame>(parsed));
  const auto& frame = std::get<ParsedFrame>(parsed);
  EXPECT_EQ(frame.frame.payload, "hello");
  EXPECT_EQ(frame.frame.opcode, Opcode::kText);
  EXPECT_TRUE(frame.frame.fin);
  EXPECT_EQ(frame.consumed, bytes.size());
}

TEST(Frame, RefusesWhatTheProtocolForbids) {
  const auto code = [](const std::string& bytes, std::size_t limit = 1000) {
    auto parsed = parseClientFrame(bytes, limit);
    return std::holds_alternative<FrameProblem>(parsed) ? std::get<FrameProblem>(parsed).code : 0;
  };
  EXPECT_EQ(code(std::string("\x81\x05hello", 7)), close_code::kProtocolError);  // unmasked
  EXPECT_EQ(code(masked(0xC1, "x")), close_code::kProtocolError);                // RSV1
  EXPECT_EQ(code(masked(0x83, "x")), close_code::kProtocolError);                // opcode 3
  EXPECT_EQ(code(masked(0x09, "x")), close_code::kProtocolError);                // fragmented ping
  EXPECT_EQ(code(masked(0x89, std::string(126, 'p'))), close_code::kProtocolError);
  EXPECT_EQ(code(masked(0x81, std::string(300, 'a')), 200), close_code::kTooBig);
  // The size check comes from the header alone: nothing of a huge payload is awaited.
  EXPECT_EQ(code(std::string("\x81\xFF\x00\x00\x00\x01\x00\x00\x00\x00", 10)), close_code::kTooBig);
}

TEST(Frame, EncodesServerFramesUnmaskedWithTheRightLengthForm) {
  EXPECT_EQ(encodeFrame(Opcode::kText, "hi"), std::string("\x81\x02hi", 4));
  const std::string medium = encodeFrame(Opcode::kText, std::string(300, 'a'));
  EXPECT_EQ(static_cast<unsigned char>(medium[1]), 126);
  EXPECT_EQ(medium.size(), 304u);
  const std::string large = encodeFrame(Opcode::kText, std::string(70000, 'a'));
  EXPECT_EQ(static_cast<unsigned char>(large[1]), 127);
  EXPECT_EQ(large.size(), 70010u);
  EXPECT_EQ(encodeClose(1008, "bye"), std::string("\x88\x05\x03\xF0"
                                                  "bye",
                                                  7));
}

TEST(Frame, ChecksClosePayloads) {
  EXPECT_EQ(std::get<std::uint16_t>(parseClosePayload("")), 1005);
  EXPECT_EQ(std::get<std::uint16_t>(parseClosePayload(std::string("\x03\xE8", 2))), 1000);
  EXPECT_EQ(std::get<std::uint16_t>(parseClosePayload(std::string("\x0F\xA0ok", 4))), 4000);
  EXPECT_TRUE(std::holds_alternative<FrameProblem>(parseClosePayload("x")));
  EXPECT_TRUE(std::holds_alternative<FrameProblem>(parseClosePayload(std::string("\x03\xED", 2))));
  EXPECT_TRUE(std::holds_alternative<FrameProblem>(parseClosePayload(std::string("\x03\xE7", 2))));
  EXPECT_EQ(std::get<FrameProblem>(parseClosePayload(std::string("\x03\xE8\xFF", 3))).code,
            close_code::kInvalidPayload);
}

TEST(Handshake, ComputesTheAcceptKeyOfTheRfcExample) {
  // RFC 6455 section 1.3.
  EXPECT_EQ(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Handshake, AllowsOriginsFromTheCorsList) {
  const std::vector<std::string> allowed = {"https://studio.example.com"};
  EXPECT_TRUE(originAllowed("", allowed));
  EXPECT_TRUE(originAllowed("https://studio.example.com", allowed));
  EXPECT_FALSE(originAllowed("https://studio.example.com.evil.com", allowed));
  EXPECT_TRUE(originAllowed("https://any.example", {"*"}));
}

}  // namespace
}  // namespace orchestra::ws
