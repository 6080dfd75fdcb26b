// How database errors are classified: callers retry a transaction the database rolled back as a
// deadlock's or a serialization failure's victim, and only that.
#include "host/store/Dialect.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "host/store/StoreError.hpp"

namespace orchestra::store {
namespace {

TEST(DialectTest, ADeadlockOrSerializationFailureIsATransactionConflict) {
  const Dialect postgres(DialectKind::Postgres);
  for (const char* state : {"40P01", "40001"}) {
    const std::runtime_error error(std::string("ERROR: deadlock detected Severity: ERROR State: ") +
                                   state);
    EXPECT_EQ(postgres.translate(error, "cannot delete").kind(),
              StoreErrorKind::TransactionConflict)
        << state;
  }
  EXPECT_EQ(postgres.translate(std::runtime_error("State: 42601"), "x").kind(),
            StoreErrorKind::Failure);
  EXPECT_EQ(postgres.translate(std::runtime_error("State: 23505"), "x").kind(),
            StoreErrorKind::UniqueViolation);
}

}  // namespace
}  // namespace orchestra::store
