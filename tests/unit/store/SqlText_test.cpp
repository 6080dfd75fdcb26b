#include "host/store/SqlText.hpp"

#include <gtest/gtest.h>

#include "host/store/Dialect.hpp"
#include "host/store/StoreError.hpp"

namespace orchestra::store {
namespace {

TEST(SqlTextTest, RewritesPlaceholdersOutsideLiteralsAndComments) {
  EXPECT_EQ(rewritePlaceholdersToDollar("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(rewritePlaceholdersToDollar("SELECT '?', \"q?\", ? -- why?\n, ? /* ? /* ? */ ? */"),
            "SELECT '?', \"q?\", $1 -- why?\n, $2 /* ? /* ? */ ? */");
  EXPECT_EQ(rewritePlaceholdersToDollar("SELECT 'it''s ?', E'\\'?', ?"),
            "SELECT 'it''s ?', E'\\'?', $1");
  EXPECT_EQ(rewritePlaceholdersToDollar("DO $$ SELECT '?' $$; SELECT $tag$ ? $tag$, ?"),
            "DO $$ SELECT '?' $$; SELECT $tag$ ? $tag$, $1");
  EXPECT_EQ(rewritePlaceholdersToDollar("no placeholders"), "no placeholders");
}

TEST(SqlTextTest, DialectRewritesOnlyForPostgres) {
  EXPECT_EQ(Dialect(DialectKind::Sqlite).sql("x = ?"), "x = ?");
  EXPECT_EQ(Dialect(DialectKind::Postgres).sql("x = ?"), "x = $1");
}

TEST(SqlTextTest, SplitsAtTopLevelSemicolons) {
  const auto statements = splitSqlStatements(
      "-- header; not a statement\n"
      "CREATE TABLE a (x TEXT DEFAULT ';');\n"
      "\n"
      "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n"
      "/* trailing; comment */ INSERT INTO \"we;ird\" VALUES (1)\n"
      "-- only a comment after the last one;\n");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].text, "-- header; not a statement\nCREATE TABLE a (x TEXT DEFAULT ';')");
  EXPECT_EQ(statements[0].first_line, 2);
  EXPECT_EQ(statements[1].first_line, 4);
  EXPECT_NE(statements[1].text.find("RETURN 1; END; $$"), std::string::npos);
  EXPECT_EQ(statements[2].first_line, 5);
  EXPECT_NE(statements[2].text.find("INSERT INTO \"we;ird\" VALUES (1)"), std::string::npos);
}

TEST(SqlTextTest, UnterminatedTextIsAnError) {
  EXPECT_THROW(splitSqlStatements("SELECT 'open"), StoreError);
  EXPECT_THROW(splitSqlStatements("SELECT 1 /* open"), StoreError);
  EXPECT_THROW(splitSqlStatements("SELECT $$ open"), StoreError);
}

}  // namespace
}  // namespace orchestra::store
