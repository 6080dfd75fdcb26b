// HTTP for integration tests: a small client over Poco's HTTPClientSession for well-formed
// requests, and a raw socket exchange for the malformed ones a real client would never send.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace orchestra::testing {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of a header (case-insensitive), or "" when absent.
  std::string header(const std::string& name) const;
  bool hasHeader(const std::string& name) const;
  // The body parsed as a JSON object; fails the test (throws) when it is not one.
  Poco::JSON::Object::Ptr json() const;
};

class HttpTestClient {
 public:
  explicit HttpTestClient(std::uint16_t port) : port_(port) {}

  HttpResult request(const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  HttpResult get(const std::string& path) const { return request("GET", path); }

 private:
  std::uint16_t port_;
};

// Sends `bytes` as they are and returns everything the server writes until it closes the
// connection or `timeout` passes (then `timed_out` is set).
struct RawExchange {
  std::string response;
  bool timed_out = false;
};
RawExchange rawExchange(std::uint16_t port, const std::string& bytes,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// Status code of the first response in raw HTTP text, or 0.
int firstStatus(const std::string& raw_response);

}  // namespace orchestra::testing
