#include "host/http/SecurityHeadersMiddleware.hpp"

namespace orchestra::http {

void SecurityHeadersMiddleware::after(const Request&, Response& response) {
  apply(response);
}

void SecurityHeadersMiddleware::apply(Response& response) {
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("X-XSS-Protection", "1; mode=block");
  response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  response.setHeader("Content-Security-Policy", "default-src 'self'");
  response.setHeader("Referrer-Policy", "no-referrer");
  // API answers carry user data: no shared cache may keep them.
  if (!response.findHeader("Cache-Control")) response.setHeader("Cache-Control", "no-store");
}

}  // namespace orchestra::http
