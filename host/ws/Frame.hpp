// RFC 6455 frames: reading a client's frames out of a byte buffer (strictly: masking, reserved
// bits, opcodes, control-frame rules, size limits) and writing the server's unmasked frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace orchestra::ws {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close codes this host sends (RFC 6455 section 7.4.1).
namespace close_code {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kUnsupportedData = 1003;
inline constexpr std::uint16_t kInvalidPayload = 1007;
inline constexpr std::uint16_t kPolicyViolation = 1008;
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kTryAgainLater = 1013;
}  // namespace close_code

struct Frame {
  bool fin = false;
  Opcode opcode = Opcode::kText;
  std::string payload;  // unmasked
};

// Why a peer's bytes end the connection: the close code to send and a short reason.
struct FrameProblem {
  std::uint16_t code;
  std::string_view reason;
};

// The first complete frame at the front of `input`, and how many bytes it took; nullopt when
// more bytes are needed; a FrameProblem when the bytes break the protocol or the limit.
struct ParsedFrame {
  Frame frame;
  std::size_t consumed = 0;
};
std::variant<std::monostate, ParsedFrame, FrameProblem> parseClientFrame(
    std::string_view input, std::size_t max_payload_bytes);

// A server frame (never masked) of one whole message or control payload.
std::string encodeFrame(Opcode opcode, std::string_view payload);
std::string encodeClose(std::uint16_t code, std::string_view reason);

// A close frame's payload as received: code and reason, or a FrameProblem when the code is
// one a peer may not send or the reason is not UTF-8. An empty payload is "no status" (1005).
std::variant<std::uint16_t, FrameProblem> parseClosePayload(std::string_view payload);

}  // namespace orchestra::ws
