#include "host/http/ErrorResponses.hpp"

#include <Poco/Exception.h>

#include "host/observability/JsonString.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::http {

std::string jsonQuote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  observability::appendJsonString(quoted, text);
  return quoted;
}

Response errorResponse(int status, std::string_view detail) {
  std::string body = R"({"detail":)";
  body += jsonQuote(detail);
  body += '}';
  return Response::json(status, std::move(body));
}

Response errorResponse(const HttpError& error) {
  Response response;
  if (error.isValidation()) {
    std::string body = R"({"detail":[)";
    bool first_issue = true;
    for (const auto& issue : error.issues()) {
      if (!first_issue) body += ',';
      first_issue = false;
      body += R"({"loc":[)";
      bool first_loc = true;
      for (const auto& part : issue.loc) {
        if (!first_loc) body += ',';
        first_loc = false;
        const bool is_index =
            !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
        body += is_index ? part : jsonQuote(part);
      }
      body += R"(],"msg":)" + jsonQuote(issue.msg) + R"(,"type":)" + jsonQuote(issue.type) + "}";
    }
    body += "]}";
    response = Response::json(error.status(), std::move(body));
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
  } catch (const HttpError& http_error) {
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
