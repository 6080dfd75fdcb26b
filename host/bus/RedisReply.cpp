#include "host/bus/RedisReply.hpp"

#include <charconv>
#include <stdexcept>

namespace orchestra::bus {

namespace {

// Nesting deeper than pub/sub or EVAL replies ever go means the stream is not what we expect;
// refusing it keeps a corrupt stream from recursing without bound.
constexpr int kMaxDepth = 8;

class Parser {
 public:
  explicit Parser(std::string_view input) : input_(input) {}

  std::optional<RedisReply> reply(int depth) {
    if (depth > kMaxDepth) throw std::runtime_error("Redis reply nested too deeply");
    if (position_ >= input_.size()) return std::nullopt;
    const char marker = input_[position_++];
    const std::optional<std::string_view> line = nextLine();
    if (!line) return std::nullopt;
    RedisReply result;
    switch (marker) {
      case '+':
        result.kind = RedisReply::Kind::Status;
        result.text = *line;
        return result;
      case '-':
        result.kind = RedisReply::Kind::Error;
        result.text = *line;
        return result;
      case ':':
        result.kind = RedisReply::Kind::Integer;
        result.integer = number(*line);
        return result;
      case '$':
        return bulk(number(*line));
      case '*':
        return array(number(*line), depth);
      default:
        throw std::runtime_error("not a Redis reply");
    }
  }

  std::size_t position() const { return position_; }

 private:
  std::optional<std::string_view> nextLine() {
    const std::size_t end = input_.find("\r\n", position_);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view line = input_.substr(position_, end - position_);
    position_ = end + 2;
    return line;
  }

  static std::int64_t number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw std::runtime_error("Redis reply has a malformed number");
    }
    return value;
  }

  std::optional<RedisReply> bulk(std::int64_t size) {
    RedisReply result;
    if (size < 0) return result;  // the null bulk string
    const auto length = static_cast<std::size_t>(size);
    if (input_.size() - position_ < length + 2) return std::nullopt;
    if (input_.substr(position_ + length, 2) != "\r\n") {
      throw std::runtime_error("Redis bulk string is not terminated");
    }
    result.kind = RedisReply::Kind::Bulk;
    result.text = input_.substr(position_, length);
    position_ += length + 2;
    return result;
  }

  std::optional<RedisReply> array(std::int64_t count, int depth) {
    RedisReply result;
    if (count < 0) return result;  // the null array
    result.kind = RedisReply::Kind::Array;
    for (std::int64_t index = 0; index < count; ++index) {
      std::optional<RedisReply> element = reply(depth + 1);
      if (!element) return std::nullopt;
      result.elements.push_back(std::move(*element));
    }
    return result;
  }

  std::string_view input_;
  std::size_t position_ = 0;
};

}  // namespace

const std::string& RedisReply::textAt(std::size_t index) const {
  static const std::string kEmpty;
  if (index >= elements.size()) return kEmpty;
  const RedisReply& element = elements[index];
  return element.kind == Kind::Bulk || element.kind == Kind::Status ? element.text : kEmpty;
}

std::optional<RedisReply> parseRedisReply(std::string_view input, std::size_t& consumed) {
  Parser parser(input);
  std::optional<RedisReply> result = parser.reply(0);
  if (result) consumed = parser.position();
  return result;
}

}  // namespace orchestra::bus
