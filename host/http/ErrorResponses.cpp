#include "host/http/ErrorResponses.hpp"

#include <Poco/Exception.h>

#include "host/http/JsonResponse.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::http {

Response errorResponse(int status, std::string_view detail) {
  text::JsonWriter json(detail.size() + 16);
  json.beginObject().field("detail", detail).endObject();
  return jsonResponse(status, std::move(json));
}

void writeValidationIssues(text::JsonWriter& json,
                           const std::vector<errors::ValidationIssue>& issues) {
  json.beginArray();
  for (const auto& issue : issues) {
    json.beginObject().key("loc").beginArray();
    for (const auto& part : issue.loc) {
      // List indexes are numbers, as FastAPI writes them.
      const bool is_index = !part.empty() && part.size() < 19 &&
                            part.find_first_not_of("0123456789") == std::string::npos;
      if (is_index) {
        json.value(std::stoll(part));
      } else {
        json.value(part);
      }
    }
    json.endArray().field("msg", issue.msg).field("type", issue.type).endObject();
  }
  json.endArray();
}

Response errorResponse(const errors::ApiError& error) {
  Response response;
  if (error.isValidation()) {
    text::JsonWriter json;
    json.beginObject().key("detail");
    writeValidationIssues(json, error.issues());
    json.endObject();
    response = jsonResponse(error.status(), std::move(json));
  } else {
    response = errorResponse(error.status(), error.detail());
  }
  for (const auto& [name, value] : error.headers())
    response.setHeader(name, value);
  return response;
}

Response responseForException(std::exception_ptr error, std::string_view request_id) {
  try {
    std::rethrow_exception(error);
  } catch (const errors::ApiError& http_error) {
    return errorResponse(http_error);
  } catch (const Poco::Exception& unexpected) {
    observability::logError("http", "unhandled error in handler",
                            {{"request_id", request_id}, {"error", unexpected.displayText()}});
  } catch (const std::exception& unexpected) {
    observability::logError("http", "unhandled error in handler",
                            {{"request_id", request_id}, {"error", unexpected.what()}});
  } catch (...) {
    observability::logError("http", "unhandled non-standard exception in handler",
                            {{"request_id", request_id}});
  }
  return errorResponse(500, "Internal server error (request id " + std::string(request_id) + ")");
}

}  // namespace orchestra::http
