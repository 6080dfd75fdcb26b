// A small JSON value with a strict parser and a serializer, so plugins can read config and input
// without bringing a JSON library; plugins that have one may use the raw text instead.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace orchestra::sdk {

class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json, std::less<>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  Json(int value) : value_(static_cast<double>(value)) {}
  Json(int64_t value) : value_(static_cast<double>(value)) {}
  Json(double value) : value_(value) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(std::string_view value) : value_(std::string(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  // Throws JsonError naming the byte offset of the first problem.
  static Json parse(std::string_view text);

  bool isNull() const { return std::holds_alternative<std::monostate>(value_); }
  bool isBool() const { return std::holds_alternative<bool>(value_); }
  bool isNumber() const { return std::holds_alternative<double>(value_); }
  bool isString() const { return std::holds_alternative<std::string>(value_); }
  bool isArray() const { return std::holds_alternative<Array>(value_); }
  bool isObject() const { return std::holds_alternative<Object>(value_); }

  // Typed access; throws JsonError when the value has another type.
  bool asBool() const { return get<bool>("a boolean"); }
  double asNumber() const { return get<double>("a number"); }
  int64_t asInt() const { return static_cast<int64_t>(get<double>("a number")); }
  const std::string& asString() const { return get<std::string>("a string"); }
  const Array& asArray() const { return get<Array>("an array"); }
  const Object& asObject() const { return get<Object>("an object"); }
  Array& asArray() { return getMutable<Array>("an array"); }
  Object& asObject() { return getMutable<Object>("an object"); }

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

  std::string dump() const {
    std::string out;
    write(out);
    return out;
  }

  friend bool operator==(const Json& left, const Json& right) {
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
    if (value == nullptr) throw JsonError(std::string("JSON value is not ") + what);
    return *value;
  }
  template <class T>
  T& getMutable(const char* what) {
    T* value = std::get_if<T>(&value_);
    if (value == nullptr) throw JsonError(std::string("JSON value is not ") + what);
    return *value;
  }

  void write(std::string& out) const;
  static void writeString(std::string& out, std::string_view text);

  std::variant<std::monostate, bool, double, std::string, Array, Object> value_;

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
    if (depth > kMaxDepth) fail("nested too deeply");
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
      ++position_;
      if (next == '}') return Json(std::move(object));
      if (next != ',') fail("expected ',' or '}'");
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
      ++position_;
      if (next == ']') return Json(std::move(array));
      if (next != ',') fail("expected ',' or ']'");
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
    if (position_ < text_.size() && text_[position_] == '.') {
      ++position_;
      digits();
    }
    if (position_ < text_.size() && (text_[position_] == 'e' || text_[position_] == 'E')) {
      ++position_;
      if (position_ < text_.size() && (text_[position_] == '+' || text_[position_] == '-')) {
        ++position_;
      }
      digits();
    }
    // strtod needs a terminated copy; numbers are short.
    std::string number(text_.substr(start, position_ - start));
    return Json(std::strtod(number.c_str(), nullptr));
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

  std::string parseString() {
    ++position_;  // opening quote
    std::string out;
    while (true) {
      if (position_ >= text_.size()) fail("unterminated string");
      char c = text_[position_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
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
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c));
          out += escape;
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
  } else if (const double* number = std::get_if<double>(&value_)) {
    if (!std::isfinite(*number)) {
      out += "null";  // JSON has no NaN/Infinity
    } else if (*number == std::floor(*number) && std::fabs(*number) < 9.007199254740992e15) {
      out += std::to_string(static_cast<int64_t>(*number));
    } else {
      char text[32];
      std::snprintf(text, sizeof text, "%.17g", *number);
      out += text;
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
    const Object& object = std::get<Object>(value_);
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
