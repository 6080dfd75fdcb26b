#include "host/http/JsonBody.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "host/errors/ApiError.hpp"
#include "host/http/JsonParseBudget.hpp"

namespace orchestra::http {

namespace {

// RapidJSON keeps a string of up to 13 bytes inside its 16-byte value; longer ones are copied.
constexpr std::size_t kInlineStringBytes = 13;

bool isJsonWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Where the first string holding a NUL sits, as loc segments under "body"; nullopt when none.
// Runs only after the pass saw a \u0000 escape, so it never costs a well-formed request.
std::optional<std::vector<std::string>> locOfNul(text::JsonView value,
                                                 std::vector<std::string>& loc) {
  const auto holdsNul = [](std::string_view text) { return text.find('\0') != std::string::npos; };
  if (value.isObject()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      loc.emplace_back(value.keyAt(i));
      if (holdsNul(value.keyAt(i))) return loc;
      if (auto found = locOfNul(value.valueAt(i), loc)) return found;
      loc.pop_back();
    }
  } else if (value.isArray()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      loc.push_back(std::to_string(i));
      if (auto found = locOfNul(value.at(i), loc)) return found;
      loc.pop_back();
    }
  } else if (value.isString() && holdsNul(value.as<std::string_view>())) {
    return loc;
  }
  return std::nullopt;
}

}  // namespace

JsonShape measureJson(std::string_view text, const JsonLimits& limits) {
  JsonShape shape;
  // A valid document holds 1 + (commas) + (non-empty containers) values: every comma adds a
  // value, and a container's first value comes without one.
  shape.values = text.empty() ? 0 : 1;
  // Items so far of each open container, and whether it is an object. Bodies stop at 64 levels
  // (server.json.max_depth); deeper levels, for a caller that allows them, go uncounted.
  constexpr std::size_t kTrackedDepth = 128;
  std::array<std::size_t, kTrackedDepth> items{};
  std::array<bool, kTrackedDepth> is_object{};
  std::size_t depth = 0;
  bool in_string = false;
  std::size_t string_start = 0;
  bool just_opened = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        if (text.substr(i + 1, 5) == "u0000") shape.has_nul_escape = true;
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
        if (i - string_start > kInlineStringBytes) shape.long_string_bytes += i - string_start;
      }
      continue;
    }
    if (isJsonWhitespace(c)) continue;
    if (just_opened && c != ']' && c != '}') {
      ++shape.values;
      items[depth] = 1;
    }
    just_opened = false;
    if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '[' || c == '{') {
      just_opened = true;
      shape.depth = std::max(shape.depth, ++depth);
      if (depth < items.size()) {
        items[depth] = 0;
        is_object[depth] = c == '{';
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      if (depth < items.size()) {
        std::size_t& largest = is_object[depth] ? shape.largest_object : shape.largest_array;
        largest = std::max(largest, items[depth]);
      }
      --depth;
    } else if (c == ',') {
      ++shape.values;
      if (depth < items.size()) ++items[depth];
    } else if (c == ':') {
      ++shape.members;
    }
    if (shape.depth > limits.max_depth || shape.values > limits.max_values) break;
  }
  return shape;
}

std::size_t jsonNestingDepth(std::string_view text, std::size_t limit) {
  return measureJson(text, JsonLimits{limit, static_cast<std::size_t>(-1)}).depth;
}

errors::ApiError jsonTooDeep(const JsonLimits& limits) {
  return errors::ApiError::validation(
      {"body"}, "JSON is nested deeper than " + std::to_string(limits.max_depth) + " levels",
      "json_too_deep");
}

errors::ApiError jsonTooManyValues(const JsonLimits& limits) {
  return errors::ApiError(
      413, "Request body holds more than " + std::to_string(limits.max_values) + " JSON values");
}

errors::ApiError jsonTooDense() {
  return errors::ApiError(413, "Request body packs too many JSON values into its size: above " +
                                   std::to_string(kDenseBodyFloorBytes / 1024) +
                                   " KiB, holding them may cost at most " +
                                   std::to_string(kMaxBodyCostFactor) + " times the body");
}

bool packedTooDensely(std::size_t body_bytes, const JsonShape& shape) {
  return body_bytes > kDenseBodyFloorBytes &&
         estimatedCompactParseBytes(body_bytes, shape) >
             static_cast<std::int64_t>(kMaxBodyCostFactor * body_bytes);
}

JsonShape measureJsonBody(std::string_view text, const JsonLimits& limits) {
  if (text.empty()) throw errors::ApiError::badRequest("Request body is empty; JSON expected");
  const JsonShape shape = measureJson(text, limits);
  if (shape.depth > limits.max_depth) throw jsonTooDeep(limits);
  if (shape.values > limits.max_values) throw jsonTooManyValues(limits);
  if (packedTooDensely(text.size(), shape)) throw jsonTooDense();
  return shape;
}

text::JsonDocument parseJsonObject(std::string_view text, const JsonShape& shape,
                                   const JsonLimits& limits) {
  std::optional<text::JsonDocument> parsed = text::JsonDocument::parse(text, limits.max_depth);
  // The parser's own words would describe its internals, not the client's mistake.
  if (!parsed) throw errors::ApiError::badRequest("Malformed JSON body");
  if (!parsed->root().isObject()) {
    throw errors::ApiError::validation({"body"}, "Input should be a valid JSON object",
                                       "model_attributes_type");
  }
  if (shape.has_nul_escape) {
    std::vector<std::string> loc = {"body"};
    std::vector<std::string> nul_loc =
        locOfNul(parsed->root(), loc).value_or(std::vector<std::string>{"body"});
    throw errors::ApiError::validation(
        std::move(nul_loc), "must not contain the NUL character (\\u0000)", "string_nul_character");
  }
  return std::move(*parsed);
}

text::JsonDocument parseJsonObject(std::string_view text, const JsonLimits& limits) {
  return parseJsonObject(text, measureJsonBody(text, limits), limits);
}

}  // namespace orchestra::http
