#include "host/http/ErrorResponses.hpp"

#include <Poco/Exception.h>

#include <algorithm>

#include "host/http/JsonResponse.hpp"
#include "host/observability/Logger.hpp"
#include "host/text/Excerpt.hpp"

namespace orchestra::http {

namespace {

// An error body stays small whatever the request held: messages may quote input (an unknown
// key, a node id), loc parts are the client's own keys, and a body of 100,000 unknown keys
// would otherwise be answered with 100,000 entries.
constexpr std::size_t kMaxDetailBytes = 512;
constexpr std::size_t kMaxIssueMessageBytes = 256;

}  // namespace

Response errorResponse(int status, std::string_view detail) {
  const std::string bounded = text::excerpt(detail, kMaxDetailBytes);
  text::JsonWriter json(bounded.size() + 16);
  json.beginObject().field("detail", bounded).endObject();
  return jsonResponse(status, std::move(json));
}

void writeValidationIssues(text::JsonWriter& json,
                           const std::vector<errors::ValidationIssue>& issues,
                           std::size_t omitted) {
  json.beginArray();
  const std::size_t written = std::min(issues.size(), kMaxValidationIssues);
  for (std::size_t i = 0; i < written; ++i) {
    const errors::ValidationIssue& issue = issues[i];
    json.beginObject().key("loc").beginArray();
    for (const auto& part : issue.loc) {
      // List indexes are numbers, as FastAPI writes them.
      const bool is_index = !part.empty() && part.size() < 19 &&
                            part.find_first_not_of("0123456789") == std::string::npos;
      if (is_index) {
        json.value(std::stoll(part));
      } else {
        json.value(text::excerpt(part));
      }
    }
    json.endArray()
        .field("msg", text::excerpt(issue.msg, kMaxIssueMessageBytes))
        .field("type", issue.type)
        .endObject();
  }
  if (issues.size() + omitted > written) {
    json.beginObject()
        .key("loc")
        .beginArray()
        .endArray()
        .field("msg", "\u2026 and " + std::to_string(issues.size() + omitted - written) + " more")
        .field("type", "too_many_errors")
        .endObject();
  }
  json.endArray();
}

Response errorResponse(const errors::ApiError& error) {
  Response response;
  if (error.isValidation()) {
    text::JsonWriter json;
    json.beginObject().key("detail");
    writeValidationIssues(json, error.issues(), error.omittedIssues());
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
    std::rethrow_exception(std::move(error));
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
