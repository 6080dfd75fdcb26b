// SQL for the users table: create an account, find it by email or id, change the profile,
// record a login. Rows come back typed, with timestamps as ISO-8601 UTC text.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <string_view>

#include "host/store/Database.hpp"

namespace orchestra::store {

struct UserRow {
  std::string id;
  std::string email;                         // lower-case
  std::optional<std::string> password_hash;  // nullopt for OTP-only accounts
  std::optional<std::string> full_name;
  std::optional<std::string> avatar_url;
  bool is_active = true;
  bool is_verified = false;
  std::optional<std::string> email_verified_at;
  std::optional<std::string> last_login_at;
  std::string created_at;
  std::string updated_at;
};

struct NewUser {
  std::string email;
  std::optional<std::string> password_hash;
  std::optional<std::string> full_name;
  std::optional<std::string> avatar_url;
  bool is_verified = false;  // true also sets email_verified_at to now
};

// PATCH semantics: an absent field stays as it is; a present nullopt clears the column.
struct ProfileUpdate {
  std::optional<std::optional<std::string>> full_name;
  std::optional<std::optional<std::string>> avatar_url;
};

class UserRepository {
 public:
  explicit UserRepository(Database& database) : database_(database) {}

  // Emails are stored trimmed and lower-cased, and looked up the same way, so "A@x.io" and
  // "a@x.io" are one account. A taken email throws StoreError (UniqueViolation).
  UserRow create(const NewUser& user);
  UserRow create(Poco::Data::Session& session, const NewUser& user);

  std::optional<UserRow> findByEmail(std::string_view email);
  std::optional<UserRow> findByEmail(Poco::Data::Session& session, std::string_view email);
  std::optional<UserRow> findById(std::string_view id);
  std::optional<UserRow> findById(Poco::Data::Session& session, std::string_view id);

  // Returns the updated row, or nullopt when there is no such user. Bumps updated_at.
  std::optional<UserRow> updateProfile(std::string_view id, const ProfileUpdate& update);
  std::optional<UserRow> updateProfile(Poco::Data::Session& session, std::string_view id,
                                       const ProfileUpdate& update);

  // Sets last_login_at to now; false when there is no such user.
  bool markLogin(std::string_view id);
  bool markLogin(Poco::Data::Session& session, std::string_view id);

 private:
  std::optional<UserRow> findWhere(Poco::Data::Session& session, std::string_view column,
                                   const std::string& value);

  Database& database_;
};

}  // namespace orchestra::store
