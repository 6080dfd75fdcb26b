// A small JSON value with a strict parser and a serializer, so plugins can read config and input
// without bringing a JSON library; plugins that have one may use the raw text instead.
#pragma once

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace orchestra::sdk {

class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Numbers keep what the text said: an integer literal (no fraction, no exponent) that fits in 64
// bits stays an exact integer (ids, byte and token counts above 2^53 survive a round trip); every
// other number is a double. Equality is JSON's, by value: 1 == 1.0, and 2^53 + 1 != 2^53.
class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json, std::less<>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  // One constructor for every integer type (int, long, size_t, uint64_t...): separate overloads
  // for int and int64_t would make `long long` or `unsigned` ambiguous. char is left out so that
  // Json('x') does not quietly become the number 120.
  template <class Integer,
            std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool> &&
                                 !std::is_same_v<Integer, char>,
                             int> = 0>
  Json(Integer value) {
    // Canonical: uint64 only holds what int64 cannot.
    bool fits_signed = true;
    if constexpr (!std::is_signed_v<Integer>) {
      fits_signed = static_cast<uint64_t>(value) <= static_cast<uint64_t>(INT64_MAX);
    }
    if (fits_signed) {
      value_ = static_cast<int64_t>(value);
    } else {
      value_ = static_cast<uint64_t>(value);
    }
  }
  Json(double value) : value_(value) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(std::string_view value) : value_(std::string(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  // Throws JsonError naming the byte offset of the first problem. Refuses invalid UTF-8, nesting
  // deeper than 256 and numbers too large for a double (1e400): JSON cannot write infinity back.
  static Json parse(std::string_view text);

  bool isNull() const { return std::holds_alternative<std::monostate>(value_); }
  bool isBool() const { return std::holds_alternative<bool>(value_); }
  bool isNumber() const {
    return std::holds_alternative<int64_t>(value_) || std::holds_alternative<uint64_t>(value_) ||
           std::holds_alternative<double>(value_);
  }
  // A number without a fractional part, as JSON Schema's "integer" counts it: 3, 2^64 - 1, 3.0.
  bool isInteger() const {
    if (const double* number = std::get_if<double>(&value_)) {
      return std::isfinite(*number) && *number == std::floor(*number);
    }
    return isNumber();
  }
  bool isString() const { return std::holds_alternative<std::string>(value_); }
  bool isArray() const { return std::holds_alternative<Array>(value_); }
  bool isObject() const { return std::holds_alternative<Object>(value_); }

  // Typed access; throws JsonError saying what was expected and what was found.
  bool asBool() const { return get<bool>("a boolean"); }
  // Any number as a double; integers beyond 2^53 round to the nearest double.
  double asNumber() const {
    if (const int64_t* integer = std::get_if<int64_t>(&value_))
      return static_cast<double>(*integer);
    if (const uint64_t* large = std::get_if<uint64_t>(&value_)) return static_cast<double>(*large);
    return get<double>("a number");
  }
  // The exact integer. Refuses a fraction (1.9 is not silently 1) and values outside int64. A
  // double with no fraction (3.0, 1e3) is accepted: JSON does not distinguish 3 from 3.0, and
  // JavaScript clients (the studio) or other JSON libraries may well send either.
  int64_t asInt() const {
    if (const int64_t* integer = std::get_if<int64_t>(&value_)) return *integer;
    if (std::holds_alternative<uint64_t>(value_)) {
      throw JsonError("JSON integer does not fit in int64: " + dump());
    }
    double number = get<double>("an integer");
    if (!isInteger()) throw JsonError("JSON value is not an integer: " + dump());
    // -2^63 is exactly representable; 2^63 is the first double beyond int64.
    if (number < -9.223372036854775808e18 || number >= 9.223372036854775808e18) {
      throw JsonError("JSON integer does not fit in int64: " + dump());
    }
    return static_cast<int64_t>(number);
  }
  // The exact non-negative integer, up to 2^64 - 1 (hashes, unsigned counters).
  uint64_t asUint() const {
    if (const uint64_t* large = std::get_if<uint64_t>(&value_)) return *large;
    if (const int64_t* integer = std::get_if<int64_t>(&value_)) {
      if (*integer < 0) throw JsonError("JSON integer is negative, expected >= 0: " + dump());
      return static_cast<uint64_t>(*integer);
    }
    double number = get<double>("an integer");
    if (!isInteger()) throw JsonError("JSON value is not an integer: " + dump());
    if (number < 0 || number >= 1.8446744073709551616e19) {
      throw JsonError("JSON integer does not fit in uint64: " + dump());
    }
    return static_cast<uint64_t>(number);
  }
  const std::string& asString() const { return get<std::string>("a string"); }
  const Array& asArray() const { return get<Array>("an array"); }
  const Object& asObject() const { return get<Object>("an object"); }
  Array& asArray() { return getMutable<Array>("an array"); }
  Object& asObject() { return getMutable<Object>("an object"); }

  // "a string", "an integer", ... for messages.
  const char* typeName() const {
    if (isNull()) return "null";
    if (isBool()) return "a boolean";
    if (isNumber()) return isInteger() ? "an integer" : "a number";
    if (isString()) return "a string";
    if (isArray()) return "an array";
    return "an object";
  }

  // Object member or nullptr when absent (or when this is not an object).
  const Json* find(std::string_view key) const {
    const auto* object = std::get_if<Object>(&value_);
    if (object == nullptr) return nullptr;
    auto found = object->find(key);
    return found == object->end() ? nullptr : &found->second;
  }
  bool contains(std::string_view key) const { return find(key) != nullptr; }

  // Convenience for config: the member as a string, or `fallback` when absent or null.
  std::string stringOr(std::string_view key, std::string_view fallback) const {
    const Json* member = find(key);
    if (member == nullptr || member->isNull()) return std::string(fallback);
    return member->asString();
  }

  // Object member, inserted as null when absent; turns a null value into an object.
  Json& operator[](std::string_view key) {
    if (isNull()) value_ = Object{};
    auto& object = getMutable<Object>("an object");
    auto found = object.find(key);
    if (found == object.end()) found = object.emplace(std::string(key), Json()).first;
    return found->second;
  }
  void push(Json value) {
    if (isNull()) value_ = Array{};
    getMutable<Array>("an array").push_back(std::move(value));
  }

  // Compact text. Integers are written exactly; doubles with the 17 digits that read back to the
  // same double (or as an integer when they have no fraction and are below 2^53: 1e3 -> 1000);
  // NaN and infinity, which JSON cannot express, as null.
  std::string dump() const {
    std::string out;
    write(out);
    return out;
  }

  // By value: numbers compare exactly across representations (1 == 1.0, -0.0 == 0), arrays
  // element by element, objects member by member.
  friend bool operator==(const Json& left, const Json& right) {
    if (left.isNumber() && right.isNumber()) return sameNumber(left, right);
    return left.value_ == right.value_;
  }
  friend bool operator!=(const Json& left, const Json& right) { return !(left == right); }

  // `text` as a quoted JSON string (for building JSON by hand).
  static std::string quote(std::string_view text) {
    std::string out;
    writeString(out, text);
    return out;
  }

 private:
  template <class T>
  const T& get(const char* what) const {
    const T* value = std::get_if<T>(&value_);
    if (value == nullptr) throw typeError(what);
    return *value;
  }
  template <class T>
  T& getMutable(const char* what) {
    T* value = std::get_if<T>(&value_);
    if (value == nullptr) throw typeError(what);
    return *value;
  }
  // Names what was found; shows the value only for null, booleans and numbers, because a
  // string may be a secret from the config and these messages reach the studio.
  JsonError typeError(const char* expected) const {
    std::string found = typeName();
    if (isBool() || isNumber()) found += " (" + dump() + ")";
    return JsonError(std::string("JSON value is not ") + expected + ": found " + found);
  }

  // Exact: an integer equals a double only when the double is that very integer.
  static bool sameNumber(const Json& left, const Json& right) {
    const double* left_double = std::get_if<double>(&left.value_);
    const double* right_double = std::get_if<double>(&right.value_);
    if (left_double != nullptr && right_double != nullptr) return *left_double == *right_double;
    if (left_double == nullptr && right_double == nullptr) return left.value_ == right.value_;
    const Json& integer = left_double == nullptr ? left : right;
    double number = left_double == nullptr ? *right_double : *left_double;
    if (!std::isfinite(number) || number != std::floor(number)) return false;
    if (const int64_t* value = std::get_if<int64_t>(&integer.value_)) {
      return number >= -9.223372036854775808e18 && number < 9.223372036854775808e18 &&
             static_cast<int64_t>(number) == *value;
    }
    return number >= 9.223372036854775808e18 && number < 1.8446744073709551616e19 &&
           static_cast<uint64_t>(number) == std::get<uint64_t>(integer.value_);
  }

  void write(std::string& out) const;
  static void writeString(std::string& out, std::string_view text);

  // uint64_t holds only values above INT64_MAX, so each integer has one representation.
  std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string, Array, Object> value_;

  friend class JsonParser;
};

// Recursive-descent parser over RFC 8259 (no comments, no trailing commas, depth-limited).
class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  Json parseDocument() {
    Json value = parseValue(0);
    skipSpace();
    if (position_ != text_.size()) fail("unexpected text after the JSON value");
    return value;
  }

 private:
  static constexpr int kMaxDepth = 256;

  [[noreturn]] void fail(const std::string& why) const {
    throw JsonError("invalid JSON at byte " + std::to_string(position_) + ": " + why);
  }
  void skipSpace() {
    while (position_ < text_.size() && (text_[position_] == ' ' || text_[position_] == '\n' ||
                                        text_[position_] == '\r' || text_[position_] == '\t')) {
      ++position_;
    }
  }
  bool consume(std::string_view literal) {
    if (text_.substr(position_, literal.size()) != literal) return false;
    position_ += literal.size();
    return true;
  }
  char peek() {
    skipSpace();
    if (position_ >= text_.size()) fail("unexpected end of input");
    return text_[position_];
  }

  Json parseValue(int depth) {
    if (depth > kMaxDepth) fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    char next = peek();
    if (next == '{') return parseObject(depth);
    if (next == '[') return parseArray(depth);
    if (next == '"') return Json(parseString());
    if (consume("true")) return Json(true);
    if (consume("false")) return Json(false);
    if (consume("null")) return Json();
    if (next == '-' || (next >= '0' && next <= '9')) return parseNumber();
    fail(std::string("unexpected character '") + next + "'");
  }

  Json parseObject(int depth) {
    ++position_;
    Json::Object object;
    if (peek() == '}') {
      ++position_;
      return Json(std::move(object));
    }
    while (true) {
      if (peek() != '"') fail("expected a member name");
      std::string key = parseString();
      if (peek() != ':') fail("expected ':'");
      ++position_;
      object.insert_or_assign(std::move(key), parseValue(depth + 1));
      char next = peek();
      if (next != ',' && next != '}') fail("expected ',' or '}'");  // the offset names the culprit
      ++position_;
      if (next == '}') return Json(std::move(object));
    }
  }

  Json parseArray(int depth) {
    ++position_;
    Json::Array array;
    if (peek() == ']') {
      ++position_;
      return Json(std::move(array));
    }
    while (true) {
      array.push_back(parseValue(depth + 1));
      char next = peek();
      if (next != ',' && next != ']') fail("expected ',' or ']'");  // the offset names the culprit
      ++position_;
      if (next == ']') return Json(std::move(array));
    }
  }

  Json parseNumber() {
    size_t start = position_;
    auto digits = [&] {
      size_t before = position_;
      while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') {
        ++position_;
      }
      if (position_ == before) fail("expected a digit");
    };
    if (text_[position_] == '-') ++position_;
    if (position_ < text_.size() && text_[position_] == '0') {
      ++position_;
    } else {
      digits();
    }
    bool fraction_or_exponent = false;
    if (position_ < text_.size() && text_[position_] == '.') {
      fraction_or_exponent = true;
      ++position_;
      digits();
    }
    if (position_ < text_.size() && (text_[position_] == 'e' || text_[position_] == 'E')) {
      fraction_or_exponent = true;
      ++position_;
      if (position_ < text_.size() && (text_[position_] == '+' || text_[position_] == '-')) {
        ++position_;
      }
      digits();
    }
    std::string_view literal = text_.substr(start, position_ - start);
    if (!fraction_or_exponent) {
      // Exact when it fits: int64 first, then uint64 for large non-negative values. "-0" is
      // the integer 0 (integers have no negative zero); "-0.0" stays the double -0.0.
      int64_t integer = 0;
      auto [end, error] = std::from_chars(literal.data(), literal.data() + literal.size(), integer);
      if (error == std::errc() && end == literal.data() + literal.size()) return Json(integer);
      uint64_t large = 0;
      auto [large_end, large_error] =
          std::from_chars(literal.data(), literal.data() + literal.size(), large);
      if (large_error == std::errc() && large_end == literal.data() + literal.size()) {
        return Json(large);
      }
    }
    // strtod needs a terminated copy; numbers are short. It reads the "C" locale's '.', which
    // is every process's locale unless the program itself calls setlocale.
    std::string number(literal);
    errno = 0;
    double value = std::strtod(number.c_str(), nullptr);
    // Overflow is refused: infinity has no JSON spelling, so it could not be written back.
    // Underflow (1e-400) rounds to zero or a subnormal, as every JSON reader does.
    if (errno == ERANGE && std::isinf(value)) {
      position_ = start;
      fail("number " + number + " is too large for a double");
    }
    return Json(value);
  }

  unsigned parseHex4() {
    if (position_ + 4 > text_.size()) fail("truncated \\u escape");
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[position_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail("bad \\u escape");
      }
    }
    return value;
  }

  static void appendUtf8(std::string& out, unsigned code_point) {
    if (code_point < 0x80) {
      out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
      out += static_cast<char>(0xC0 | (code_point >> 6));
      out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
      out += static_cast<char>(0xE0 | (code_point >> 12));
      out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code_point >> 18));
      out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
  }

  // RFC 8259 text is UTF-8: copies one multi-byte sequence, refusing overlong forms, surrogates
  // and code points above U+10FFFF, so a plugin never passes on text the host would refuse.
  void copyUtf8Sequence(std::string& out) {
    auto lead = static_cast<unsigned char>(text_[position_]);
    // Lead bytes C0, C1 and F5..FF can only start overlong or out-of-range sequences.
    size_t length = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : 2);
    if (lead < 0xC2 || lead > 0xF4) fail("invalid UTF-8 byte in string");
    unsigned code_point = lead & (0x7Fu >> length);
    const unsigned minimum = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000);
    if (position_ + length > text_.size()) fail("truncated UTF-8 sequence in string");
    for (size_t i = 1; i < length; ++i) {
      auto next = static_cast<unsigned char>(text_[position_ + i]);
      if ((next & 0xC0u) != 0x80u) fail("invalid UTF-8 sequence in string");
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point < 0xE000)) {
      fail("invalid UTF-8 sequence in string");
    }
    out.append(text_.substr(position_, length));
    position_ += length;
  }

  std::string parseString() {
    ++position_;  // opening quote
    std::string out;
    while (true) {
      if (position_ >= text_.size()) fail("unterminated string");
      char c = text_[position_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (static_cast<unsigned char>(c) >= 0x80) {
        --position_;
        copyUtf8Sequence(out);
        continue;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (position_ >= text_.size()) fail("unterminated escape");
      char escaped = text_[position_++];
      switch (escaped) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code_point = parseHex4();
          if (code_point >= 0xD800 && code_point < 0xDC00) {
            if (!consume("\\u")) fail("lone high surrogate");
            unsigned low = parseHex4();
            if (low < 0xDC00 || low >= 0xE000) fail("bad low surrogate");
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          } else if (code_point >= 0xDC00 && code_point < 0xE000) {
            fail("lone low surrogate");
          }
          appendUtf8(out, code_point);
          break;
        }
        default:
          fail("bad escape");
      }
    }
  }

  std::string_view text_;
  size_t position_ = 0;
};

inline Json Json::parse(std::string_view text) {
  return JsonParser(text).parseDocument();
}

inline void Json::writeString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          std::array<char, 8> escape{};
          std::snprintf(escape.data(), escape.size(), "\\u%04x", static_cast<unsigned>(c));
          out += escape.data();
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

inline void Json::write(std::string& out) const {
  if (isNull()) {
    out += "null";
  } else if (const bool* boolean = std::get_if<bool>(&value_)) {
    out += *boolean ? "true" : "false";
  } else if (const int64_t* integer = std::get_if<int64_t>(&value_)) {
    out += std::to_string(*integer);
  } else if (const uint64_t* large = std::get_if<uint64_t>(&value_)) {
    out += std::to_string(*large);
  } else if (const double* number = std::get_if<double>(&value_)) {
    if (!std::isfinite(*number)) {
      out += "null";  // JSON has no NaN/Infinity
    } else if (*number == 0 && std::signbit(*number)) {
      out += "-0.0";  // reads back as the double -0.0; "-0" would read as the integer 0
    } else if (*number == std::floor(*number) && std::fabs(*number) < 9.007199254740992e15) {
      out += std::to_string(static_cast<int64_t>(*number));
    } else {
      // The shortest of 15, 16 or 17 significant digits that reads back as the same double:
      // 1.9 stays "1.9" instead of "1.8999999999999999". (strtod/snprintf use the "C" locale's
      // '.' unless the program changes LC_NUMERIC.)
      std::array<char, 32> text{};
      for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(text.data(), text.size(), "%.*g", digits, *number);
        if (std::strtod(text.data(), nullptr) == *number) break;
      }
      out += text.data();
    }
  } else if (const std::string* string = std::get_if<std::string>(&value_)) {
    writeString(out, *string);
  } else if (const Array* array = std::get_if<Array>(&value_)) {
    out += '[';
    for (size_t i = 0; i < array->size(); ++i) {
      if (i != 0) out += ',';
      (*array)[i].write(out);
    }
    out += ']';
  } else {
    const auto& object = std::get<Object>(value_);
    out += '{';
    bool first = true;
    for (const auto& [key, value] : object) {
      if (!first) out += ',';
      first = false;
      writeString(out, key);
      out += ':';
      value.write(out);
    }
    out += '}';
  }
}

}  // namespace orchestra::sdk
