#include "host/http/Router.hpp"

#include <gtest/gtest.h>

namespace orchestra::http {
namespace {

Handler answer(int status) {
  return [status](Request&) { return Response::json(status, "{}"); };
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add("GET", "/api/v1/workflows", answer(200));
  router.add("GET", "/api/v1/workflows/{id}", answer(200));
  router.add("GET", "/api/v1/workflows/{id}/versions", answer(200));

  const auto list = router.match("GET", "/api/v1/workflows");
  ASSERT_EQ(list.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(list.route->path_template, "/api/v1/workflows");
  EXPECT_TRUE(list.params.empty());

  const auto one = router.match("GET", "/api/v1/workflows/abc-123");
  ASSERT_EQ(one.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(one.route->path_template, "/api/v1/workflows/{id}");
  ASSERT_EQ(one.params.size(), 1U);
  EXPECT_EQ(one.params[0].first, "id");
  EXPECT_EQ(one.params[0].second, "abc-123");

  const auto versions = router.match("GET", "/api/v1/workflows/w1/versions");
  ASSERT_EQ(versions.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(versions.route->path_template, "/api/v1/workflows/{id}/versions");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  Router router;
  router.add("GET", "/items/{id}", answer(200));
  router.add("GET", "/items/search", answer(201));
  EXPECT_EQ(router.match("GET", "/items/search").route->path_template, "/items/search");
  EXPECT_EQ(router.match("GET", "/items/42").route->path_template, "/items/{id}");
}

TEST(Router, DecodesParameterValues) {
  Router router;
  router.add("GET", "/files/{name}", answer(200));
  const auto match = router.match("GET", "/files/a%20b%2Fc");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.params[0].second, "a b/c");
}

TEST(Router, UnknownPathIsNotFound) {
  Router router;
  router.add("GET", "/health", answer(200));
  EXPECT_EQ(router.match("GET", "/nope").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "/health/extra").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "/health/").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router.match("GET", "health").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, EmptyParameterSegmentDoesNotMatch) {
  Router router;
  router.add("GET", "/items/{id}", answer(200));
  EXPECT_EQ(router.match("GET", "/items/").kind, RouteMatch::Kind::kNotFound);
}

TEST(Router, OtherMethodIsMethodNotAllowedWithSortedAllowList) {
  Router router;
  router.add("PUT", "/items/{id}", answer(200));
  router.add("GET", "/items/{id}", answer(200));
  router.add("DELETE", "/items/{id}", answer(204));
  const auto match = router.match("POST", "/items/1");
  EXPECT_EQ(match.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"DELETE", "GET", "PUT"}));
  EXPECT_TRUE(match.params.empty());
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.add("GET", "/health", answer(200));
  const auto match = router.match("HEAD", "/health");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->method, "GET");
}

TEST(Router, RejectsDuplicatesAndMalformedTemplates) {
  Router router;
  router.add("GET", "/a/{id}", answer(200));
  EXPECT_THROW(router.add("GET", "/a/{id}", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{other}", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "no-slash", answer(200)), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/b{c}", answer(200)), std::invalid_argument);
  EXPECT_EQ(router.routes().size(), 1U);
}

}  // namespace
}  // namespace orchestra::http
