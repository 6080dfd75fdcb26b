// One reply of the Redis protocol (RESP2) and its parser. Poco::Redis reads replies only from
// its own blocking stream, which cannot wait with a deadline or stop for shutdown; the bus reads
// bytes itself and parses only replies that have arrived whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orchestra::bus {

struct RedisReply {
  enum class Kind { Status, Error, Integer, Bulk, Null, Array };
  Kind kind = Kind::Null;
  std::string text;  // Status, Error and Bulk
  std::int64_t integer = 0;
  std::vector<RedisReply> elements;  // Array

  // Bulk or Status text, or the empty string: pub/sub messages are arrays of these.
  const std::string& textAt(std::size_t index) const;
};

// The first whole reply at the start of `input` and how many bytes it took, or nullopt when
// `input` holds only part of one. Throws std::runtime_error on bytes that are not RESP2.
std::optional<RedisReply> parseRedisReply(std::string_view input, std::size_t& consumed);

}  // namespace orchestra::bus
