// A local stand-in for a Jina-compatible search service (s.jina.ai) and reader (r.jina.ai),
// and for an ordinary web site, on 127.0.0.1 and a free port, speaking their wire formats:
//   GET /search/?q=<query>&num=<n>  {"code":200,"status":20000,"data":[{"title","url",
//                                   "description","content"}...]} (kResultCount results), or by
//                                   query: stub-rate-limited 429 (retry-after: 7),
//                                   stub-bad-request 400 whose message echoes the key
//   GET /reader/<page url>          {"code":200,"status":20000,"data":{"title","url","content"}}
//   GET /site/page.html             an HTML page with a script, a style and entities
//   GET /site/image.png             bytes that are not text
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace orchestra::testing {

struct WebStubRequest {
  std::string method;
  std::string uri;            // path and query as sent
  std::string authorization;  // the Authorization header, "" when none
  std::string accept;
};

class WebStubServer {
 public:
  static constexpr int kResultCount = 3;
  static constexpr const char* kReaderContent = "Read by the stub reader";
  static constexpr const char* kPageTitle = "Stub & Page";

  WebStubServer();
  ~WebStubServer();
  WebStubServer(const WebStubServer&) = delete;
  WebStubServer& operator=(const WebStubServer&) = delete;

  // "http://127.0.0.1:<port>"
  std::string baseUrl() const;
  std::vector<WebStubRequest> requests() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace orchestra::testing
