#include "host/http/JsonBody.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <string>

#include "host/errors/ApiError.hpp"

namespace orchestra::http {

std::size_t jsonNestingDepth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Poco::JSON::Object::Ptr parseJsonObject(std::string_view text) {
  if (text.empty()) throw errors::ApiError::badRequest("Request body is empty; JSON expected");
  if (jsonNestingDepth(text, kMaxJsonNestingDepth) > kMaxJsonNestingDepth) {
    throw errors::ApiError::validation(
        {"body"}, "JSON is nested deeper than " + std::to_string(kMaxJsonNestingDepth) + " levels",
        "json_too_deep");
  }
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonNestingDepth + 1);
    parsed = parser.parse(std::string(text));
  } catch (const Poco::Exception& error) {
    throw errors::ApiError::badRequest("Invalid JSON body: " + error.message());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw errors::ApiError::validation({"body"}, "Input should be a valid JSON object",
                                       "model_attributes_type");
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace orchestra::http
