#include "host/http/JsonBody.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include "host/http/HttpError.hpp"

namespace orchestra::http {

Poco::JSON::Object::Ptr parseJsonObjectBody(const Request& request) {
  if (request.body().empty()) throw HttpError::badRequest("Request body is empty; JSON expected");
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(request.body());
  } catch (const Poco::Exception& error) {
    throw HttpError::badRequest("Invalid JSON body: " + error.message());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw HttpError::validation(
        {{{"body"}, "Input should be a valid JSON object", "model_attributes_type"}});
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace orchestra::http
