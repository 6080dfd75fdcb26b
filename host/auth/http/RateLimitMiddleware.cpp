#include "host/auth/http/RateLimitMiddleware.hpp"

#include <string>

#include "host/auth/http/RequestContext.hpp"
#include "host/http/ErrorResponses.hpp"

namespace orchestra::auth {

namespace {

// The tightest decision of this request, kept between before() and after(). The dispatcher
// runs both on the calling thread for one request at a time, so a thread-local tagged with the
// request's address is enough; the tag keeps a stale value from decorating a request whose
// before() never ran (an earlier middleware answered).
struct PendingHeaders {
  const http::Request* request = nullptr;
  RateLimitDecision decision;
};
thread_local PendingHeaders pending;

void applyHeaders(const RateLimitDecision& decision, http::Response& response) {
  response.setHeader("X-RateLimit-Limit", std::to_string(decision.limit));
  response.setHeader("X-RateLimit-Remaining", std::to_string(decision.remaining));
  response.setHeader("X-RateLimit-Reset", std::to_string(decision.reset_seconds));
}

bool tighter(const RateLimitDecision& candidate, const RateLimitDecision& current) {
  if (candidate.allowed != current.allowed) return !candidate.allowed;
  return candidate.remaining < current.remaining;
}

}  // namespace

std::optional<http::Response> RateLimitMiddleware::before(http::Request& request,
                                                          const http::RouteMatch& match) {
  pending.request = nullptr;
  if (!settings_.enabled) return std::nullopt;
  const std::string& path = request.path();
  if (!path.starts_with("/api/") || request.method() == "OPTIONS") return std::nullopt;

  const std::string ip = clientIpAddress(request, addresses_);
  const Caller* caller = authenticatedCaller(request);
  const std::string who = caller != nullptr ? "user:" + caller->userId() : "ip:" + ip;
  const bool found = match.kind == http::RouteMatch::Kind::kFound;
  const std::string route = found ? match.route->path_template : std::string();
  const bool post = request.method() == "POST";

  std::optional<RateLimitDecision> tightest;
  auto count = [&](const std::string& key, int limit, int window_seconds) {
    const RateLimitDecision decision =
        limiter_.hit(key, limit, std::chrono::seconds(window_seconds));
    if (!tightest || tighter(decision, *tightest)) tightest = decision;
  };
  if (post && route == "/api/v1/auth/request-otp") {
    count("otp_request:ip:" + ip, settings_.otp_request_limit,
          settings_.otp_request_window_seconds);
  } else if (post && route == "/api/v1/auth/verify-otp") {
    count("otp_verify:ip:" + ip, settings_.otp_verify_limit, settings_.otp_verify_window_seconds);
  }
  if (path.starts_with("/api/v1/tools/ai/")) {
    count("ai_tools:" + who, settings_.ai_tools_limit, settings_.ai_tools_window_seconds);
  }
  if (path.starts_with("/api/v1/tools/web/")) {
    count("web_tools:" + who, settings_.web_tools_limit, settings_.web_tools_window_seconds);
  }
  count("api:" + who, settings_.api_limit, settings_.api_window_seconds);

  pending = PendingHeaders{&request, *tightest};
  if (tightest->allowed) return std::nullopt;
  http::Response response = http::errorResponse(429, "Rate limit exceeded; try again later");
  response.setHeader("Retry-After", std::to_string(tightest->reset_seconds));
  return response;
}

void RateLimitMiddleware::after(const http::Request& request, http::Response& response) {
  if (pending.request != &request) return;
  applyHeaders(pending.decision, response);
  pending.request = nullptr;
}

}  // namespace orchestra::auth
