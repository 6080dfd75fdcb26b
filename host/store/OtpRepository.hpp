// SQL for otp_codes: store a new code's keyed hash (retiring the email's earlier codes), find
// the live one, count a guess atomically, and consume it exactly once.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct OtpRow {
  std::string id;
  std::string email;
  std::string code_hash;  // hex keyed hash; the code itself is never stored
  std::string purpose;
  std::string expires_at;  // ISO-8601 UTC, comparable as text with utcNowTimestamp()
  int attempts = 0;
};

struct NewOtp {
  std::string email;  // already normalised (trimmed, lower-case)
  std::string code_hash;
  std::string purpose;
  std::string expires_at;
  std::optional<std::string> ip_address;
  std::optional<std::string> user_agent;
};

class OtpRepository {
 public:
  explicit OtpRepository(Database& database) : database_(database) {}

  // In one transaction: marks every unused code of the email as used (a new request kills the
  // previous code), then inserts the new one. Returns its id.
  std::string replace(const NewOtp& otp);

  // The newest unused code for `email` whose purpose is one of `purposes`, expired or not.
  std::optional<OtpRow> findLatestUnused(std::string_view email,
                                         const std::vector<std::string>& purposes);

  // Counts one guess, atomically: false when the code is used or already had `max_attempts`
  // guesses (then the guess must be refused whatever it is).
  bool consumeAttempt(std::string_view id, int max_attempts);

  // Marks the code used inside the caller's transaction; false when someone else used it first.
  bool markUsed(Poco::Data::Session& session, std::string_view id);

 private:
  Database& database_;
};

}  // namespace orchestra::store
