// database.url, parsed: which dialect, where the SQLite file is, or the libpq connection
// string for PostgreSQL; plus a redacted form that is safe to log.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/store/Dialect.hpp"

namespace orchestra::store {

class DatabaseUrl {
 public:
  // Accepts
  //   sqlite:///relative/path.db   (relative to the working directory, SQLAlchemy's convention)
  //   sqlite:////absolute/path.db
  //   sqlite://:memory:            (one connection: every connection would get its own database)
  //   postgresql://[user[:password]@][host][:port]/dbname[?key=value&...]  (also postgres://)
  // where user, password, dbname and query values are percent-decoded and the query keys are
  // libpq connection keywords (sslmode, connect_timeout, application_name, ...).
  // Throws StoreError (InvalidConfiguration) naming the problem; never quoting the password.
  static DatabaseUrl parse(std::string_view url);

  DialectKind dialect() const noexcept { return dialect_; }

  // SQLite only: the file path as given (relative or absolute), or ":memory:".
  const std::string& sqlitePath() const noexcept { return sqlite_path_; }
  bool isInMemory() const noexcept { return sqlite_path_ == ":memory:"; }

  // PostgreSQL only: the libpq keyword/value pairs, decoded: user and password, host, port,
  // dbname, then the query parameters in their order.
  const std::vector<std::pair<std::string, std::string>>& postgresParameters() const noexcept {
    return parameters_;
  }
  std::optional<std::string> postgresParameter(std::string_view key) const;
  // The libpq "key=value key=value" form, values quoted per libpq's rules when they are empty
  // or hold spaces, quotes or backslashes. Adds connect_timeout=`default_connect_timeout_s`
  // when the URL has none and the default is positive.
  std::string libpqConnectionString(int default_connect_timeout_s = 0) const;

  // The URL with any password replaced by "***": what logs and error messages show.
  const std::string& redacted() const noexcept { return redacted_; }

 private:
  DatabaseUrl() = default;

  DialectKind dialect_ = DialectKind::Sqlite;
  std::string sqlite_path_;
  std::vector<std::pair<std::string, std::string>> parameters_;
  std::string redacted_;
};

}  // namespace orchestra::store
