// The strict request-head parser: what it accepts, where a head ends, and each spelling it must
// refuse because two parsers could read it differently (RFC 9112).
#include "host/http/RequestHead.hpp"

#include <gtest/gtest.h>

#include <string>

namespace orchestra::http {
namespace {

using namespace std::string_literals;

HeadProblem problemOf(const std::string& head) {
  auto parsed = parseRequestHead(head);
  if (const auto* problem = std::get_if<HeadProblem>(&parsed)) return *problem;
  return HeadProblem{0, "parsed"};
}

TEST(RequestHead, ParsesRequestLineAndFieldsTrimmingOptionalWhitespace) {
  auto parsed =
      parseRequestHead("\r\nGET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Two:\t two words \r\n\r\n");
  ASSERT_TRUE(std::holds_alternative<RequestHead>(parsed));
  const auto& head = std::get<RequestHead>(parsed);
  EXPECT_EQ(head.method, "GET");
  EXPECT_EQ(head.target, "/a?b=1");
  EXPECT_EQ(head.version, "HTTP/1.1");
  ASSERT_EQ(head.fields.size(), 2U);
  EXPECT_EQ(head.fields[1].first, "X-Two");
  EXPECT_EQ(head.fields[1].second, "two words");
}

TEST(RequestHead, Http10NeedsNoHost) {
  EXPECT_TRUE(std::holds_alternative<RequestHead>(parseRequestHead("GET / HTTP/1.0\r\n\r\n")));
}

TEST(RequestHead, FindsTheEndAcrossPartialScans) {
  std::size_t scanned = 0;
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\nNEXT";
  EXPECT_EQ(findHeadEnd(std::string_view(head).substr(0, 25), scanned), 0U);
  EXPECT_EQ(findHeadEnd(std::string_view(head).substr(0, 26), scanned), 0U);
  EXPECT_EQ(findHeadEnd(head, scanned), head.size() - 4);
  std::size_t fresh = 0;
  EXPECT_EQ(findHeadEnd("\r\n\r\n", fresh), 0U);  // empty lines alone are no head
}

TEST(RequestHead, RefusesAmbiguousFieldLines) {
  const std::string start = "GET / HTTP/1.1\r\nHost: x\r\n";
  EXPECT_EQ(problemOf(start + "Content-Length : 3\r\n\r\n").detail, "Invalid header name");
  EXPECT_EQ(problemOf(start + "Content-Length\t: 3\r\n\r\n").detail, "Invalid header name");
  EXPECT_EQ(problemOf(start + "No colon\r\n\r\n").detail, "Header line without a colon");
  EXPECT_EQ(problemOf(start + ": x\r\n\r\n").detail, "Invalid header name");
  EXPECT_EQ(problemOf(start + "A@B: x\r\n\r\n").detail, "Invalid header name");
  EXPECT_EQ(problemOf(start + "A\0B: x\r\n\r\n"s).detail, "Invalid header name");
  EXPECT_EQ(problemOf(start + "A: x\0y\r\n\r\n"s).detail, "Invalid character in a header value");
  EXPECT_EQ(problemOf(start + "A: x\ry\r\n\r\n").detail, "Invalid character in a header value");
  EXPECT_EQ(problemOf(start + "A: x\nB: y\r\n\r\n").detail, "Invalid character in a header value");
  EXPECT_EQ(problemOf(start + "A: x\r\n folded\r\n\r\n").detail,
            "Obsolete line folding in a header");
}

TEST(RequestHead, RefusesMissingOrRepeatedHost) {
  EXPECT_EQ(problemOf("GET / HTTP/1.1\r\n\r\n").detail, "Missing Host header");
  EXPECT_EQ(problemOf("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n").detail,
            "Repeated Host header");
}

TEST(RequestHead, RefusesMalformedRequestLines) {
  EXPECT_EQ(problemOf("GET  / HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(problemOf("get / HTTP/1.1\r\nHost: x\r\n\r\n").detail, "Malformed HTTP method");
  EXPECT_EQ(problemOf("GET x HTTP/1.1\r\nHost: x\r\n\r\n").detail, "Malformed request target");
  EXPECT_EQ(problemOf("GET / HTTP/2.0\r\nHost: x\r\n\r\n").status, 505);
  EXPECT_EQ(problemOf("GET / HTTP/1.1 \r\nHost: x\r\n\r\n").status, 400);
}

TEST(RequestHead, PartialHeadProblemsAreSeenBeforeTheBlankLine) {
  // HTTP/0.9 has no blank line to wait for.
  EXPECT_TRUE(std::holds_alternative<HeadProblem>(checkPartialHead("GET /\r\n")));
  EXPECT_TRUE(std::holds_alternative<HeadProblem>(checkPartialHead("GET / HTTP/1.1\n")));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(checkPartialHead("GET / HTTP/1.1\r\nHo")));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(checkPartialHead("GE")));
  const auto huge = checkPartialHead("GET / HTTP/1.1\r\nX: " + std::string(kMaxHeadBytes, 'a'));
  ASSERT_TRUE(std::holds_alternative<HeadProblem>(huge));
  EXPECT_EQ(std::get<HeadProblem>(huge).status, 431);
}

TEST(RequestHead, RefusesTooManyFields) {
  std::string head = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (std::size_t i = 0; i < kMaxHeaderFields; ++i)
    head += "X-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(problemOf(head + "\r\n").status, 431);
}

}  // namespace
}  // namespace orchestra::http
