// The endpoint an HTTP+SSE server names: paths and relative URLs resolve against the stream's
// URL; an absolute URL is taken on the same origin only (the headers carry credentials).
#include "EndpointUrl.hpp"

#include <gtest/gtest.h>

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::mcp_http {
namespace {

TEST(EndpointUrl, PathsAndRelativeUrlsResolveAgainstTheStream) {
  EXPECT_EQ(resolveEndpoint("http://127.0.0.1:3001/sse", "/message?sessionId=a1"),
            "http://127.0.0.1:3001/message?sessionId=a1");
  EXPECT_EQ(resolveEndpoint("https://mcp.example.com/v1/sse?x=1", "messages?sessionId=b2"),
            "https://mcp.example.com/v1/messages?sessionId=b2");
  EXPECT_EQ(resolveEndpoint("https://mcp.example.com", "/m"), "https://mcp.example.com/m");
}

TEST(EndpointUrl, AnAbsoluteUrlMustKeepTheOrigin) {
  EXPECT_EQ(resolveEndpoint("https://mcp.example.com/sse", "https://mcp.example.com/post?s=1"),
            "https://mcp.example.com/post?s=1");
  for (const char* elsewhere : {"https://evil.example.com/post", "http://mcp.example.com/post",
                                "https://mcp.example.com:8443/post"}) {
    EXPECT_THROW(resolveEndpoint("https://mcp.example.com/sse", elsewhere), sdk::Error)
        << elsewhere;
  }
}

}  // namespace
}  // namespace orchestra::plugins::mcp_http
