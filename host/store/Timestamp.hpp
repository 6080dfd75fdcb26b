// Timestamps as the host hands them around: ISO-8601 UTC text, 'YYYY-MM-DDTHH:MM:SS.sssZ',
// whichever form the database returned them in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::store {

// Rewrites what a TIMESTAMP column returns into 'YYYY-MM-DDTHH:MM:SS.sssZ': PostgreSQL's text
// form '2024-05-06 07:08:09.123456' (fraction optional, no zone: the host stores UTC), and the
// form SQLite columns already hold. Text in neither form comes back unchanged.
std::string normalizeTimestamp(std::string_view database_text);

// A timestamp from outside (a query filter) in the same form, converted to UTC: ISO-8601 as
// clients send it, 'YYYY-MM-DD', optionally 'THH:MM', ':SS', a fraction (cut to milliseconds)
// and a zone ('Z', '+HH:MM', '-HHMM', '+HH'; none means UTC). nullopt for anything else,
// impossible dates included, so a filter is never silently read as something else.
std::optional<std::string> utcTimestampFromIso8601(std::string_view text);

// The current time in the same form, for values the application computes (expiry times).
std::string utcNowTimestamp();
// The time `seconds` from now (negative: in the past), in the same form.
std::string utcTimestampFromNow(std::int64_t seconds);
// The time `milliseconds` from now, in the same form.
std::string utcTimestampFromNowMs(std::int64_t milliseconds);
// Milliseconds from now until `utc_timestamp` (in the form above; negative when it has
// passed), or nullopt when the text is in no form normalizeTimestamp gives.
std::optional<std::int64_t> millisecondsUntil(std::string_view utc_timestamp);

}  // namespace orchestra::store
