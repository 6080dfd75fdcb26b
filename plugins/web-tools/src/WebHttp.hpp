// What web.search and web.read share about talking to a provider: the workspace key (if any),
// query-string encoding, and how a failed answer is classified and told without the key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/HostApi.hpp"

namespace orchestra::plugins::web_tools {

// RFC 3986 unreserved characters stay, every other byte becomes %XX.
std::string percentEncoded(std::string_view text);

// The workspace secret named `secret_name`; nullopt when the name is empty or no such secret
// exists (the caller then works without a key).
std::optional<std::string> optionalKey(const sdk::HostApi& host, const std::string& secret_name);

// The error for a provider answer with `status_code` >= 400: 429 and 5xx transient (retried),
// 400 and 422 validation (the query or URL itself was refused), other 4xx permanent. The
// message quotes a short excerpt of the body with `key` redacted.
sdk::Error providerError(std::string_view provider, const sdk::HttpResponse& response,
                         std::string_view key);

// `url` must be absolute http(s): anything else is the caller's mistake.
void requireHttpUrl(const std::string& url, std::string_view field);

// `base` without a trailing slash, so that "<base>/<path>" never doubles it.
std::string withoutTrailingSlash(std::string base);

}  // namespace orchestra::plugins::web_tools
