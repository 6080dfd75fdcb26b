// The one exception the persistence layer throws: a single line saying what failed and why,
// never containing a password, with a kind so callers can turn conflicts into 409s.
#pragma once

#include <stdexcept>
#include <string>

namespace orchestra::store {

enum class StoreErrorKind {
  Failure,               // anything else: bad SQL, I/O, a broken migration
  Unavailable,           // the database cannot be reached, or the pool stayed exhausted
  UniqueViolation,       // a UNIQUE or PRIMARY KEY constraint refused the row
  ForeignKeyViolation,   // a referenced row is missing, or a referencing row still exists
  InvalidConfiguration,  // database.url or a pool setting is wrong
  // The database chose this transaction as a deadlock's (or a serialization failure's) victim
  // and rolled it back: running it again is the remedy.
  TransactionConflict
};

class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& message, StoreErrorKind kind = StoreErrorKind::Failure)
      : std::runtime_error(message), kind_(kind) {}

  StoreErrorKind kind() const noexcept { return kind_; }

 private:
  StoreErrorKind kind_;
};

}  // namespace orchestra::store
