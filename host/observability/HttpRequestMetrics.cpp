#include "host/observability/HttpRequestMetrics.hpp"

#include <array>
#include <charconv>

namespace orchestra::observability {

HttpRequestMetrics::HttpRequestMetrics(MetricsRegistry& registry)
    : requests_(registry.counter("http_requests_total", "HTTP requests answered.",
                                 {"route", "method", "status"})),
      durations_(registry.histogram("http_request_duration_seconds",
                                    "Time from request read to response written, in seconds.",
                                    {"route", "method", "status"})) {}

void HttpRequestMetrics::record(std::string_view route, std::string_view method, int status,
                                double duration_seconds) {
  std::array<char, 12> status_digits{};
  const auto written =
      std::to_chars(status_digits.data(), status_digits.data() + status_digits.size(), status);
  const std::string_view status_text(status_digits.data(),
                                     static_cast<std::size_t>(written.ptr - status_digits.data()));
  requests_.withLabels({route, method, status_text}).inc();
  durations_.withLabels({route, method, status_text}).observe(duration_seconds);
}

}  // namespace orchestra::observability
