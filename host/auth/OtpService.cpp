#include "host/auth/OtpService.hpp"

#include <algorithm>
#include <cctype>

#include "host/auth/Crypto.hpp"
#include "host/auth/OtpEmail.hpp"
#include "host/errors/ApiError.hpp"
#include "host/schema/Formats.hpp"
#include "host/store/Timestamp.hpp"

namespace orchestra::auth {

namespace {
constexpr int kCodeDigits = 6;
constexpr std::uint32_t kCodeSpace = 1'000'000;
}  // namespace

OtpService::OtpService(store::Database& database, EmailSender& email, OtpSettings settings)
    : email_(email), settings_(std::move(settings)), codes_(database) {}

std::string OtpService::codeHash(std::string_view email, std::string_view purpose,
                                 std::string_view code) const {
  // Binding email and purpose into the hash means a code row cannot be replayed for another
  // address or purpose even by someone who can write the table.
  std::string input;
  input.reserve(email.size() + purpose.size() + code.size() + 2);
  input.append(purpose).append("\n").append(email).append("\n").append(code);
  return toHex(hmacSha256(settings_.hash_key, input));
}

void OtpService::request(std::string_view email, std::string_view purpose,
                         const ClientInfo& client) {
  const std::string address = normalizeEmail(email);
  // The address becomes a mail header: whatever route or command called, nothing but an address
  // (the schema format's one rule) is mailed.
  if (!schema::conformsTo(schema::Format::Email, address)) {
    throw errors::ApiError::validation({"body", "email"}, "must be a valid email address",
                                       "value_error");
  }
  std::string code = std::to_string(randomBelow(kCodeSpace));
  code.insert(0, kCodeDigits - code.size(), '0');
  store::NewOtp row;
  row.email = address;
  row.code_hash = codeHash(address, purpose, code);
  row.purpose = purpose;
  row.expires_at = store::utcTimestampFromNow(settings_.ttl_seconds);
  row.ip_address = client.ip_address;
  row.user_agent = client.user_agent;
  codes_.replace(row);
  email_.send(otpEmail(address, code, settings_.ttl_seconds));
}

std::optional<std::string> OtpService::check(std::string_view email, std::string_view code,
                                             const std::vector<std::string>& purposes) {
  const std::string address = normalizeEmail(email);
  const auto row = codes_.findLatestUnused(address, purposes);
  if (!row || row->expires_at <= store::utcNowTimestamp()) return std::nullopt;
  // The guess is counted before it is compared: a code dies after max_attempts guesses, the
  // right one included.
  if (!codes_.consumeAttempt(row->id, settings_.max_attempts)) return std::nullopt;
  if (!constantTimeEquals(codeHash(address, row->purpose, code), row->code_hash)) {
    return std::nullopt;
  }
  return row->id;
}

}  // namespace orchestra::auth
