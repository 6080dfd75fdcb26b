// One-time codes: six CSPRNG digits, stored only as a keyed hash, valid for a few minutes, for
// one purpose, once, with a bounded number of guesses; a new request retires the previous code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/auth/ClientInfo.hpp"
#include "host/auth/EmailSender.hpp"
#include "host/store/Database.hpp"
#include "host/store/EmailAddress.hpp"
#include "host/store/OtpRepository.hpp"

namespace orchestra::auth {

struct OtpSettings {
  std::string hash_key;  // HMAC key for stored codes (derived from the token secret)
  int ttl_seconds = 300;
  int max_attempts = 5;
};

class OtpService {
 public:
  OtpService(store::Database& database, EmailSender& email, OtpSettings settings);

  // Stores a fresh code for `email` (normalised) and mails it. Known and unknown addresses take
  // the same path. Throws EmailDeliveryError when the mail could not be handed over.
  void request(std::string_view email, std::string_view purpose, const ClientInfo& client);

  // Counts a guess against the newest live code for `email` with one of `purposes`; returns the
  // code's id when `code` is right (the caller then consumes it with OtpRepository::markUsed in
  // its transaction), nullopt otherwise.
  std::optional<std::string> check(std::string_view email, std::string_view code,
                                   const std::vector<std::string>& purposes);

  int ttlSeconds() const { return settings_.ttl_seconds; }

 private:
  std::string codeHash(std::string_view email, std::string_view purpose,
                       std::string_view code) const;

  EmailSender& email_;
  OtpSettings settings_;
  store::OtpRepository codes_;
};

// Trimmed and lower-cased: the form addresses are stored and looked up in.
using store::normalizeEmail;

}  // namespace orchestra::auth
