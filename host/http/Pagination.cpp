#include "host/http/Pagination.hpp"

#include <charconv>
#include <string>

#include "host/errors/ApiError.hpp"

namespace orchestra::http {

namespace {

std::int64_t boundedInteger(const Request& request, const char* name, std::int64_t fallback,
                            std::int64_t minimum, std::int64_t maximum) {
  const auto text = request.queryParam(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const char* const end = text->data() + text->size();
  const auto parsed = std::from_chars(text->data(), end, value);
  if (text->empty() || parsed.ec != std::errc() || parsed.ptr != end) {
    throw errors::ApiError::validation({"query", name}, "Input should be a valid integer",
                                       "int_parsing");
  }
  if (value < minimum) {
    throw errors::ApiError::validation(
        {"query", name}, "Input should be greater than or equal to " + std::to_string(minimum),
        "greater_than_equal");
  }
  if (value > maximum) {
    throw errors::ApiError::validation(
        {"query", name}, "Input should be less than or equal to " + std::to_string(maximum),
        "less_than_equal");
  }
  return value;
}

}  // namespace

PageRequest parsePageRequest(const Request& request, const PageBounds& bounds) {
  PageRequest page;
  page.limit = boundedInteger(request, "limit", bounds.default_limit, 1, bounds.max_limit);
  page.offset = boundedInteger(request, "offset", 0, 0, bounds.max_offset);
  return page;
}

}  // namespace orchestra::http
