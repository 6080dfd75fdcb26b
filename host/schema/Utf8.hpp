// String length as JSON Schema counts it: in Unicode code points, so "héllo" is 5 long and an
// emoji is 1, not the 2 UTF-16 units or 4 bytes other counts would give.
#pragma once

#include <cstddef>
#include <string_view>

namespace orchestra::schema {

// Code points in UTF-8 `text`; a malformed byte counts as one, so the count never exceeds the
// byte length and never throws on bad input.
std::size_t codePointCount(std::string_view text) noexcept;

}  // namespace orchestra::schema
