// Shared by the store tests: the two dialects as a gtest parameter, and a scratch database
// opened (and optionally migrated) for one test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "host/store/Database.hpp"
#include "host/store/MigrationRunner.hpp"
#include "tests/support/TestDatabase.hpp"

namespace orchestra::store {

class StoreTest : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<testing::ScratchDatabase>(GetParam());
    database_ = std::make_unique<Database>(scratch_->settings());
  }

  void migrate() { MigrationRunner(*database_, testing::migrationsRoot()).apply(); }

  std::unique_ptr<testing::ScratchDatabase> scratch_;
  std::unique_ptr<Database> database_;
};

inline std::string dialectName(const ::testing::TestParamInfo<DialectKind>& info) {
  return testing::dialectTestName(info.param);
}

#define ORCHESTRA_INSTANTIATE_FOR_BOTH_DIALECTS(Suite) \
  INSTANTIATE_TEST_SUITE_P(                            \
      Dialects, Suite, ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres), dialectName)

}  // namespace orchestra::store
