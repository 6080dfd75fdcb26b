#include "host/store/SqlValues.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <pthread.h>
#include <sys/random.h>

#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::store {

namespace {

// Bumped in a forked child (pthread_atfork), read per id: cheaper than getpid(), which glibc no
// longer caches and which cost as much as the rest of an id.
std::atomic<unsigned> fork_generation{0};

void countForks() {
  static std::once_flag registered;
  std::call_once(registered,
                 [] { pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); }); });
}

// Random bytes for ids, drawn from the kernel (getrandom) a block at a time per thread: one
// system call per 32 UUIDs instead of Poco's open, read and close of /dev/urandom per UUID
// (the runtime makes one per node row, and that was a tenth of a 100-node run's CPU).
class RandomBytes {
 public:
  void fill(unsigned char* out, std::size_t count) {
    // A forked child must not hand out the ids its parent already did.
    if (const unsigned generation = fork_generation.load(std::memory_order_relaxed);
        generation != generation_) {
      generation_ = generation;
      used_ = buffer_.size();
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (used_ == buffer_.size()) refill();
      out[i] = buffer_[used_++];
    }
  }

 private:
  void refill() {
    std::size_t filled = 0;
    while (filled < buffer_.size()) {
      const ssize_t got = ::getrandom(buffer_.data() + filled, buffer_.size() - filled, 0);
      if (got < 0) {
        if (errno == EINTR) continue;
        throw Poco::SystemException("getrandom failed", errno);
      }
      filled += static_cast<std::size_t>(got);
    }
    used_ = 0;
  }

  std::array<unsigned char, 512> buffer_{};
  std::size_t used_ = buffer_.size();
  unsigned generation_ = 0;
};

std::string formatUuid(const std::array<unsigned char, 16>& bytes) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 0x0f];
  }
  return text;
}

std::array<unsigned char, 16> randomUuidBytes() {
  countForks();
  thread_local RandomBytes random;
  std::array<unsigned char, 16> bytes{};
  random.fill(bytes.data(), bytes.size());
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant
  return bytes;
}

}  // namespace

std::string newUuid() {
  std::array<unsigned char, 16> bytes = randomUuidBytes();
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  return formatUuid(bytes);
}

std::string newTimeOrderedUuid() {
  std::array<unsigned char, 16> bytes = randomUuidBytes();
  const auto millis =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  for (std::size_t i = 0; i < 6; ++i)
    bytes[i] = static_cast<unsigned char>(millis >> (8 * (5 - i)));
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x70);  // version 7
  return formatUuid(bytes);
}

std::optional<std::string> canonicalUuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (text[i] != '-') return std::nullopt;
    } else if (std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return std::nullopt;
    } else {
      out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
  }
  return out;
}

std::optional<std::string> toOptionalTimestamp(const Poco::Nullable<std::string>& value) {
  if (value.isNull()) return std::nullopt;
  return normalizeTimestamp(value.value());
}

std::string jsonStringArray(const std::vector<std::string>& values) {
  text::JsonWriter json;
  json.beginArray();
  for (const auto& value : values)
    json.value(value);
  json.endArray();
  return std::move(json).finish();
}

std::string arrayParameterValue(const Dialect& dialect, const std::vector<std::string>& values) {
  if (dialect.kind() != DialectKind::Postgres) return jsonStringArray(values);
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

std::vector<std::string> stringsFromJsonArray(const std::string& json) {
  std::vector<std::string> values;
  if (json.empty()) return values;
  Poco::JSON::Parser parser;
  const auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; !array.isNull() && i < array->size(); ++i)
    values.push_back(array->get(static_cast<unsigned>(i)).convert<std::string>());
  return values;
}

}  // namespace orchestra::store
