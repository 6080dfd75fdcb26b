#include "host/ws/Frame.hpp"

#include "host/text/Utf8.hpp"

namespace orchestra::ws {

namespace {

constexpr std::uint8_t kFinBit = 0x80;
constexpr std::uint8_t kReservedBits = 0x70;
constexpr std::uint8_t kOpcodeBits = 0x0F;
constexpr std::uint8_t kMaskBit = 0x80;
constexpr std::uint8_t kLengthBits = 0x7F;
constexpr std::size_t kMaxControlPayload = 125;

bool isKnownOpcode(std::uint8_t opcode) {
  switch (static_cast<Opcode>(opcode)) {
    case Opcode::kContinuation:
    case Opcode::kText:
    case Opcode::kBinary:
    case Opcode::kClose:
    case Opcode::kPing:
    case Opcode::kPong:
      return true;
  }
  return false;
}

bool isControl(Opcode opcode) {
  return (static_cast<std::uint8_t>(opcode) & 0x08) != 0;
}

std::uint8_t byteAt(std::string_view input, std::size_t index) {
  return static_cast<std::uint8_t>(input[index]);
}

}  // namespace

std::variant<std::monostate, ParsedFrame, FrameProblem> parseClientFrame(
    std::string_view input, std::size_t max_payload_bytes) {
  if (input.size() < 2) return std::monostate{};
  const std::uint8_t first = byteAt(input, 0);
  const std::uint8_t second = byteAt(input, 1);
  if ((first & kReservedBits) != 0) {
    return FrameProblem{close_code::kProtocolError, "Reserved bits set without an extension"};
  }
  const std::uint8_t opcode_bits = first & kOpcodeBits;
  if (!isKnownOpcode(opcode_bits)) {
    return FrameProblem{close_code::kProtocolError, "Unknown opcode"};
  }
  const auto opcode = static_cast<Opcode>(opcode_bits);
  const bool fin = (first & kFinBit) != 0;
  if ((second & kMaskBit) == 0) {
    return FrameProblem{close_code::kProtocolError, "Client frames must be masked"};
  }
  std::size_t header = 2;
  std::uint64_t length = second & kLengthBits;
  if (length == 126) {
    if (input.size() < 4) return std::monostate{};
    length = (std::uint64_t{byteAt(input, 2)} << 8) | byteAt(input, 3);
    header = 4;
  } else if (length == 127) {
    if (input.size() < 10) return std::monostate{};
    length = 0;
    for (std::size_t i = 2; i < 10; ++i)
      length = (length << 8) | byteAt(input, i);
    header = 10;
    if ((length >> 63) != 0) return FrameProblem{close_code::kProtocolError, "Invalid length"};
  }
  if (isControl(opcode) && (length > kMaxControlPayload || !fin)) {
    return FrameProblem{close_code::kProtocolError, "Control frames must be short and final"};
  }
  if (length > max_payload_bytes) {
    return FrameProblem{close_code::kTooBig, "Frame too large"};
  }
  const std::size_t masked_start = header + 4;
  if (input.size() < masked_start || input.size() - masked_start < length) {
    return std::monostate{};
  }
  ParsedFrame parsed;
  parsed.frame.fin = fin;
  parsed.frame.opcode = opcode;
  const std::string_view mask = input.substr(header, 4);
  parsed.frame.payload.assign(input.substr(masked_start, static_cast<std::size_t>(length)));
  for (std::size_t i = 0; i < parsed.frame.payload.size(); ++i)
    parsed.frame.payload[i] = static_cast<char>(parsed.frame.payload[i] ^ mask[i % 4]);
  parsed.consumed = masked_start + static_cast<std::size_t>(length);
  return parsed;
}

std::string encodeFrame(Opcode opcode, std::string_view payload) {
  std::string frame;
  frame.reserve(payload.size() + 10);
  frame.push_back(static_cast<char>(kFinBit | static_cast<std::uint8_t>(opcode)));
  const std::size_t length = payload.size();
  if (length < 126) {
    frame.push_back(static_cast<char>(length));
  } else if (length <= 0xFFFF) {
    frame.push_back(static_cast<char>(126));
    frame.push_back(static_cast<char>((length >> 8) & 0xFF));
    frame.push_back(static_cast<char>(length & 0xFF));
  } else {
    frame.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8)
      frame.push_back(static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xFF));
  }
  frame.append(payload);
  return frame;
}

std::string encodeClose(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, kMaxControlPayload - 2));
  return encodeFrame(Opcode::kClose, payload);
}

std::variant<std::uint16_t, FrameProblem> parseClosePayload(std::string_view payload) {
  if (payload.empty()) return std::uint16_t{1005};
  if (payload.size() == 1) return FrameProblem{close_code::kProtocolError, "Truncated close code"};
  const auto code =
      static_cast<std::uint16_t>((std::uint16_t{byteAt(payload, 0)} << 8) | byteAt(payload, 1));
  // 1004-1006 and 1015 are reserved for reporting, never sent; below 1000 and 1016-2999 are
  // unassigned; 3000-4999 belong to libraries and applications.
  const bool assigned = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                        (code >= 3000 && code <= 4999);
  if (!assigned) return FrameProblem{close_code::kProtocolError, "Invalid close code"};
  if (!text::isValidUtf8(payload.substr(2))) {
    return FrameProblem{close_code::kInvalidPayload, "Close reason is not UTF-8"};
  }
  return code;
}

}  // namespace orchestra::ws
