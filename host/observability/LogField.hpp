// One typed key/value of a structured log line (`{"status", 200}`, `{"path", path}`), built in
// the logging call's argument list and holding views only, so logging never copies strings.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace orchestra::observability {

class LogField {
 public:
  enum class Kind : std::uint8_t { String, Signed, Unsigned, Double, Bool };

  // Views, not copies: the viewed strings must live until the logging call returns, which
  // they do when the field is written inside the call's braces (temporaries included).
  constexpr LogField(std::string_view key, std::string_view value) noexcept
      : key_(key), kind_(Kind::String), string_(value) {}
  constexpr LogField(std::string_view key, const char* value) noexcept
      : LogField(key, value == nullptr ? std::string_view() : std::string_view(value)) {}
  LogField(std::string_view key, const std::string& value) noexcept
      : LogField(key, std::string_view(value)) {}

  // Without this, a `const char*` or pointer value would quietly become a bool.
  constexpr LogField(std::string_view key, bool value) noexcept
      : key_(key), kind_(Kind::Bool), bool_(value) {}

  template <std::signed_integral Integer>
  constexpr LogField(std::string_view key, Integer value) noexcept
      : key_(key), kind_(Kind::Signed), signed_(value) {}

  template <std::unsigned_integral Integer>
  requires(!std::same_as<Integer, bool>) constexpr LogField(std::string_view key,
                                                            Integer value) noexcept
      : key_(key), kind_(Kind::Unsigned), unsigned_(value) {}

  template <std::floating_point Floating>
  constexpr LogField(std::string_view key, Floating value) noexcept
      : key_(key), kind_(Kind::Double), double_(static_cast<double>(value)) {}

  constexpr std::string_view key() const noexcept { return key_; }
  constexpr Kind kind() const noexcept { return kind_; }
  // Each accessor is meaningful only for its kind.
  constexpr std::string_view stringValue() const noexcept { return string_; }
  constexpr std::int64_t signedValue() const noexcept { return signed_; }
  constexpr std::uint64_t unsignedValue() const noexcept { return unsigned_; }
  constexpr double doubleValue() const noexcept { return double_; }
  constexpr bool boolValue() const noexcept { return bool_; }

 private:
  // Separate members rather than a union: the field stays trivially copyable and constexpr,
  // and the few extra bytes live on the caller's stack for one call.
  std::string_view key_;
  Kind kind_;
  std::string_view string_{};
  std::int64_t signed_ = 0;
  std::uint64_t unsigned_ = 0;
  double double_ = 0;
  bool bool_ = false;
};

}  // namespace orchestra::observability
