#include "host/http/JsonBody.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "host/errors/ApiError.hpp"

namespace orchestra::http {

namespace {

bool isJsonWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Where the first string holding a NUL sits, as loc segments under "body"; nullopt when none.
// Runs only after the pass saw a \u0000 escape, so it never costs a well-formed request.
std::optional<std::vector<std::string>> locOfNul(const Poco::Dynamic::Var& value,
                                                 std::vector<std::string>& loc) {
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto& object = value.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [key, member] : *object) {
      loc.push_back(key);
      if (key.find('\0') != std::string::npos) return loc;
      if (auto found = locOfNul(member, loc)) return found;
      loc.pop_back();
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      loc.push_back(std::to_string(i));
      if (auto found = locOfNul(array->get(static_cast<unsigned int>(i)), loc)) return found;
      loc.pop_back();
    }
  } else if (value.type() == typeid(std::string) &&
             value.extract<std::string>().find('\0') != std::string::npos) {
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
  std::size_t depth = 0;
  bool in_string = false;
  bool just_opened = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        if (text.substr(i + 1, 5) == "u0000") shape.has_nul_escape = true;
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (isJsonWhitespace(c)) continue;
    if (just_opened && c != ']' && c != '}') ++shape.values;
    just_opened = false;
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      just_opened = true;
      shape.depth = std::max(shape.depth, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',') {
      ++shape.values;
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

JsonShape measureJsonBody(std::string_view text, const JsonLimits& limits) {
  if (text.empty()) throw errors::ApiError::badRequest("Request body is empty; JSON expected");
  const JsonShape shape = measureJson(text, limits);
  if (shape.depth > limits.max_depth) throw jsonTooDeep(limits);
  if (shape.values > limits.max_values) throw jsonTooManyValues(limits);
  return shape;
}

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, const JsonShape& shape,
                                        const JsonLimits& limits) {
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(limits.max_depth + 1);
    parsed = parser.parse(std::string(text));
  } catch (const Poco::Exception&) {
    // The parser's own words describe its internals, not the client's mistake.
    throw errors::ApiError::badRequest("Malformed JSON body");
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw errors::ApiError::validation({"body"}, "Input should be a valid JSON object",
                                       "model_attributes_type");
  }
  if (shape.has_nul_escape) {
    // Where the parser kept the character; at the body itself where it did not (it cuts a key
    // at a NUL), since the text held one all the same.
    std::vector<std::string> loc = {"body"};
    std::vector<std::string> nul_loc =
        locOfNul(parsed, loc).value_or(std::vector<std::string>{"body"});
    throw errors::ApiError::validation(
        std::move(nul_loc), "must not contain the NUL character (\\u0000)", "string_nul_character");
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, const JsonLimits& limits) {
  return parseJsonObject(text, measureJsonBody(text, limits), limits);
}

}  // namespace orchestra::http
