// How an AI provider plugin reports a failed HTTP exchange with its API, so that every provider
// fails the same way for the runtime: overload and rate limits retried, bad requests not.
#pragma once

#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/Json.hpp"

namespace orchestra::sdk {

// 408, 409, 429 and 5xx (Anthropic's 529 "overloaded" included) may pass on a retry; any other
// status (400, 401, 403, 404, 413, 422 ...) will fail the same way again.
inline bool isTransientHttpStatus(int status_code) {
  return status_code == 408 || status_code == 409 || status_code == 429 || status_code >= 500;
}

// A Retry-After header as the runtime's message shows it: "retry after 3 s" for a delay in
// seconds, "retry after <date>" for an HTTP date; nullopt for nothing usable.
inline std::optional<std::string> retryAfterText(const std::optional<std::string>& header) {
  if (!header || header->empty() || header->size() > 64) return std::nullopt;
  bool digits = true;
  for (char c : *header) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) digits = false;
    if (std::iscntrl(static_cast<unsigned char>(c)) != 0) return std::nullopt;
  }
  return "retry after " + *header + (digits ? " s" : "");
}

// The error for an answer with `status_code` >= 400. `provider` names the API ("Anthropic"),
// `error_type` and `message` come from its error body (either may be empty). The caller removes
// anything secret from `message` first.
inline Error aiHttpError(std::string_view provider, int status_code, std::string_view error_type,
                         std::string_view message,
                         const std::optional<std::string>& retry_after_header) {
  std::string text = std::string(provider) + " answered HTTP " + std::to_string(status_code);
  if (!error_type.empty()) text += " " + std::string(error_type);
  if (!message.empty()) text += ": " + std::string(message);
  if (!isTransientHttpStatus(status_code)) return Error::permanent(text);
  if (auto retry = retryAfterText(retry_after_header)) text += " (" + *retry + ")";
  return Error::transient(text);
}

// `text` cut to `max_bytes`, with every occurrence of `secret` (an API key a server echoed)
// replaced: what an error message may carry of a server's answer.
inline std::string redactedExcerpt(std::string text, std::string_view secret,
                                   std::size_t max_bytes = 300) {
  if (secret.size() >= 4) {
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "[redacted]");
    }
  }
  if (text.size() > max_bytes) text = text.substr(0, max_bytes) + "...";
  return text;
}

// aiHttpError for an answer whose body is the usual {"error":{"type"|"code","message"}} of
// Anthropic and OpenAI-compatible servers, or anything else (a proxy's page) shown as text.
inline Error aiHttpErrorFromBody(std::string_view provider, int status_code,
                                 const std::string& body,
                                 const std::optional<std::string>& retry_after_header,
                                 std::string_view secret) {
  std::string error_type;
  std::string message;
  try {
    const Json parsed = Json::parse(body);
    const Json* error = parsed.isObject() ? parsed.find("error") : nullptr;
    if (error != nullptr && error->isObject()) {
      error_type = error->stringOr("type", "");
      if (const Json* code = error->find("code"); error_type.empty() && code && code->isString()) {
        error_type = code->asString();
      }
      message = error->stringOr("message", "");
    } else if (error != nullptr && error->isString()) {
      message = error->asString();  // llama.cpp and others
    }
  } catch (const std::exception&) {
    message = body;
  }
  return aiHttpError(provider, status_code, redactedExcerpt(error_type, secret, 100),
                     redactedExcerpt(message, secret), retry_after_header);
}

}  // namespace orchestra::sdk
