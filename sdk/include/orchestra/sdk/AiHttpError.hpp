// How an AI provider plugin reports a failed HTTP exchange with its API, so that every provider
// fails alike for the runtime: overload and rate limits retried (after Retry-After), not 4xx.
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
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

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
inline int64_t daysSinceEpoch(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", the form RFC 9110 has senders write) as
// Unix ms; nullopt for anything else.
inline std::optional<int64_t> imfFixdateUnixMs(std::string_view text) {
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto number = [&](std::size_t at, std::size_t digits) -> int64_t {
    int64_t value = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const std::size_t month_at = kMonths.find(text.substr(8, 3));
  const int64_t day = number(5, 2);
  const int64_t year = number(12, 4);
  const int64_t hour = number(17, 2);
  const int64_t minute = number(20, 2);
  const int64_t second = number(23, 2);
  if (month_at == std::string_view::npos || month_at % 3 != 0 || day < 1 || day > 31 ||
      year < 1970 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 60) {
    return std::nullopt;
  }
  const int64_t days = daysSinceEpoch(year, static_cast<int64_t>(month_at / 3) + 1, day);
  return ((days * 24 + hour) * 60 + minute) * 60'000 + second * 1000;
}

inline int64_t unixNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace detail

// A Retry-After header as a wait in ms from `now_unix_ms`: delta-seconds ("2") or an HTTP date
// (IMF-fixdate); 0 for a missing, past or unreadable value. At most a day: a server asking for
// longer is not asking for a retry (the runtime caps the wait far lower anyway).
inline int64_t retryAfterMs(const std::optional<std::string>& header,
                            int64_t now_unix_ms = detail::unixNowMs()) {
  constexpr int64_t kMaxMs = int64_t{24} * 3600 * 1000;
  if (!header || header->empty() || header->size() > 64) return 0;
  const std::string& text = *header;
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    if (text.size() > 9) return kMaxMs;
    return std::min<int64_t>(std::stoll(text) * 1000, kMaxMs);
  }
  const std::optional<int64_t> at = detail::imfFixdateUnixMs(text);
  if (!at || *at <= now_unix_ms) return 0;
  return std::min(*at - now_unix_ms, kMaxMs);
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
  return Error::transient(text, retryAfterMs(retry_after_header));
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
