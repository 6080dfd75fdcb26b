// Timestamps as the host hands them around: ISO-8601 UTC text, 'YYYY-MM-DDTHH:MM:SS.sssZ',
// whichever form the database returned them in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orchestra::store {

// Rewrites what a TIMESTAMP column returns into 'YYYY-MM-DDTHH:MM:SS.sssZ': PostgreSQL's text
// form '2024-05-06 07:08:09.123456' (fraction optional, no zone: the host stores UTC), and the
// form SQLite columns already hold. Text in neither form comes back unchanged.
std::string normalizeTimestamp(std::string_view database_text);

// The current time in the same form, for values the application computes (expiry times).
std::string utcNowTimestamp();
// The time `seconds` from now (negative: in the past), in the same form.
std::string utcTimestampFromNow(std::int64_t seconds);

}  // namespace orchestra::store
