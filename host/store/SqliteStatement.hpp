// One SQLite statement prepared once with SQLite's own API on a Poco session's connection, then
// bound, stepped and reset for every row: the cheapest way to write many rows (see the bench).
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace orchestra::store {

// Parameters are 1-based, as in SQLite. Text is bound without a copy (SQLITE_STATIC): it must
// stay alive and unchanged until execute() returns. THREAD: the session's thread only.
// LIFETIME: the session must outlive the statement. Errors: StoreError from execute(), with the
// kind recognised from SQLite's message (UNIQUE / FOREIGN KEY constraint failed).
class SqliteStatement {
 public:
  SqliteStatement(Poco::Data::Session& session, const char* sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(int position, std::string_view text) noexcept;
  void bind(int position, const std::string& text) noexcept {
    bind(position, std::string_view(text));
  }
  void bind(int position, const std::optional<std::string>& text) noexcept;  // NULL if empty
  void bind(int position, std::int64_t number) noexcept;
  void bind(int position, const std::optional<std::int64_t>& number) noexcept;

  // Runs the statement to completion, then resets it (bindings cleared) for the next row.
  // Returns the rows it changed. `context` starts the StoreError's message.
  template <typename Describe>
  int execute(Describe&& describe_context) {
    std::string error;  // allocates only on failure
    if (!run(error)) fail(describe_context(), error);
    return changes();
  }

 private:
  bool run(std::string& error);  // false with SQLite's message when the statement failed
  int changes() const noexcept;
  [[noreturn]] static void fail(const std::string& context, const std::string& message);

  sqlite3* connection_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace orchestra::store
