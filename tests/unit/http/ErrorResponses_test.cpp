#include "host/http/ErrorResponses.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace orchestra::http {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

TEST(ErrorResponses, DetailShapeEscapesText) {
  const Response response = errorResponse(404, "no \"such\" thing\n");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(parse(response.body)->getValue<std::string>("detail"), "no \"such\" thing\n");
}

TEST(ErrorResponses, ValidationShapeHasLocMsgType) {
  const errors::ApiError error =
      errors::ApiError::validation({{{"body", "email"}, "Field required", "missing"},
                                    {{"body", "tags", "2"}, "bad", "string_type"}});
  const Response response = errorResponse(error);
  EXPECT_EQ(response.status, 422);
  const auto detail = parse(response.body)->getArray("detail");
  ASSERT_EQ(detail->size(), 2U);
  const auto first = detail->getObject(0);
  EXPECT_EQ(first->getArray("loc")->getElement<std::string>(0), "body");
  EXPECT_EQ(first->getArray("loc")->getElement<std::string>(1), "email");
  EXPECT_EQ(first->getValue<std::string>("msg"), "Field required");
  EXPECT_EQ(first->getValue<std::string>("type"), "missing");
  // List indexes are numbers, as FastAPI writes them.
  EXPECT_EQ(detail->getObject(1)->getArray("loc")->getElement<int>(2), 2);
}

TEST(ErrorResponses, IssueListsStopAtFiftyEntriesAndSayHowManyMore) {
  std::vector<errors::ValidationIssue> issues;
  issues.reserve(100'000);
  for (int i = 0; i < 100'000; ++i) {
    issues.push_back(
        {{"body", "k" + std::to_string(i)}, "has unknown property", "extra_forbidden"});
  }
  const Response response = errorResponse(errors::ApiError::validation(std::move(issues)));
  EXPECT_LT(response.body.size(), 8192U);
  const auto detail = parse(response.body)->getArray("detail");
  ASSERT_EQ(detail->size(), kMaxValidationIssues + 1);
  EXPECT_EQ(detail->getObject(49)->getArray("loc")->getElement<std::string>(1), "k49");
  EXPECT_EQ(detail->getObject(50)->getValue<std::string>("msg"), "\u2026 and 99950 more");
}

TEST(ErrorResponses, NeverEchoMoreThanAnExcerptOfTheInput) {
  const std::string huge(1'000'000, 'x');
  const Response detail = errorResponse(400, "bad value " + huge);
  EXPECT_LT(detail.body.size(), 600U);
  const Response issue = errorResponse(errors::ApiError::validation(
      {"body", huge}, "has unknown property \"" + huge + "\"", "extra_forbidden"));
  EXPECT_LT(issue.body.size(), 600U);
  const auto entry = parse(issue.body)->getArray("detail")->getObject(0);
  EXPECT_EQ(entry->getArray("loc")->getElement<std::string>(1), std::string(64, 'x') + "\u2026");
}

TEST(ErrorResponses, HttpErrorKeepsStatusAndHeaders) {
  errors::ApiError error(429, "Too many requests");
  error.withHeader("Retry-After", "30");
  const Response response = responseForException(std::make_exception_ptr(error), "rid-1");
  EXPECT_EQ(response.status, 429);
  ASSERT_NE(response.findHeader("retry-after"), nullptr);
  EXPECT_EQ(*response.findHeader("Retry-After"), "30");
}

TEST(ErrorResponses, UnknownExceptionIs500WithRequestIdAndNoInternals) {
  const Response response = responseForException(
      std::make_exception_ptr(std::runtime_error("secret table users_internal broke")), "rid-42");
  EXPECT_EQ(response.status, 500);
  const auto detail = parse(response.body)->getValue<std::string>("detail");
  EXPECT_NE(detail.find("rid-42"), std::string::npos);
  EXPECT_EQ(response.body.find("users_internal"), std::string::npos);
}

TEST(ErrorResponses, NonStandardExceptionIs500) {
  const Response response = responseForException(std::make_exception_ptr(42), "rid-7");
  EXPECT_EQ(response.status, 500);
}

}  // namespace
}  // namespace orchestra::http
