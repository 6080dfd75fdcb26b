#include "host/store/DatabaseUrl.hpp"

#include <gtest/gtest.h>

#include <string>

#include "host/store/StoreError.hpp"

namespace orchestra::store {
namespace {

std::string errorOf(const std::string& url) {
  try {
    DatabaseUrl::parse(url);
  } catch (const StoreError& error) {
    EXPECT_EQ(error.kind(), StoreErrorKind::InvalidConfiguration);
    return error.what();
  }
  ADD_FAILURE() << "no error for " << url;
  return "";
}

TEST(DatabaseUrlTest, SqliteRelativeAbsoluteAndMemory) {
  const auto relative = DatabaseUrl::parse("sqlite:///data/orchestra.db");
  EXPECT_EQ(relative.dialect(), DialectKind::Sqlite);
  EXPECT_EQ(relative.sqlitePath(), "data/orchestra.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:////var/lib/orchestra.db").sqlitePath(),
            "/var/lib/orchestra.db");
  EXPECT_TRUE(DatabaseUrl::parse("sqlite://:memory:").isInMemory());
  EXPECT_EQ(relative.redacted(), "sqlite:///data/orchestra.db");
}

TEST(DatabaseUrlTest, PostgresFullUrl) {
  const auto url = DatabaseUrl::parse(
      "postgresql://orchestra:s%40cret@db.example.com:6543/prod?sslmode=require&connect_timeout=3");
  EXPECT_EQ(url.dialect(), DialectKind::Postgres);
  EXPECT_EQ(url.postgresParameter("host"), "db.example.com");
  EXPECT_EQ(url.postgresParameter("port"), "6543");
  EXPECT_EQ(url.postgresParameter("dbname"), "prod");
  EXPECT_EQ(url.postgresParameter("user"), "orchestra");
  EXPECT_EQ(url.postgresParameter("password"), "s@cret");
  EXPECT_EQ(url.libpqConnectionString(5),
            "user=orchestra password=s@cret host=db.example.com port=6543 dbname=prod "
            "sslmode=require connect_timeout=3");
  EXPECT_EQ(
      url.redacted(),
      "postgresql://orchestra:***@db.example.com:6543/prod?sslmode=require&connect_timeout=3");
}

TEST(DatabaseUrlTest, PostgresShortSchemeIpv6AndDefaults) {
  const auto url = DatabaseUrl::parse("postgres://[::1]:5432/app");
  EXPECT_EQ(url.postgresParameter("host"), "::1");
  EXPECT_EQ(url.postgresParameter("user"), std::nullopt);
  // The settings' timeout is added only when the URL has none.
  EXPECT_EQ(url.libpqConnectionString(7), "host=::1 port=5432 dbname=app connect_timeout=7");
  EXPECT_EQ(url.libpqConnectionString(), "host=::1 port=5432 dbname=app");
}

TEST(DatabaseUrlTest, QuotesValuesPerLibpqRules) {
  const auto url = DatabaseUrl::parse("postgresql://u:it's%20a%5Cb@h/d%20b?application_name=");
  EXPECT_EQ(url.libpqConnectionString(),
            R"(user=u password='it\'s a\\b' host=h dbname='d b' application_name='')");
}

TEST(DatabaseUrlTest, RedactsPasswordQueryParameters) {
  const auto url = DatabaseUrl::parse("postgresql://h/d?password=topsecret&sslpassword=other");
  EXPECT_EQ(url.redacted(), "postgresql://h/d?password=***&sslpassword=***");
  EXPECT_EQ(url.postgresParameter("password"), "topsecret");
}

TEST(DatabaseUrlTest, BadUrlsNameTheProblemWithoutThePassword) {
  const std::string password = "hunter2secret";
  const struct {
    std::string url;
    std::string expected;
  } cases[] = {
      {"mysql://root:" + password + "@h/d", "unsupported scheme 'mysql'"},
      {"not a url " + password, "not a URL"},
      {"postgresql://u:" + password + "@h:99999/d", "port must be a number"},
      {"postgresql://u:" + password + "@h:abc/d", "port must be a number"},
      {"postgresql://u:" + password + "@h:5432", "names no database"},
      {"postgresql://u:" + password + "@h/d?sslmode=sometimes", "sslmode must be"},
      {"postgresql://u:" + password + "@h/d?bogus=1", "unknown query parameter 'bogus'"},
      {"postgresql://u:" + password + "@h/d?connect_timeout=soon", "connect_timeout must be"},
      {"postgresql://u:" + password + "%zz@h/d", "bad percent-encoding in the password"},
      {"postgresql://u:" + password + "@[::1/d", "unclosed '['"},
      {"sqlite://relative.db", "sqlite:///relative/path.db"},
      {"sqlite:///", "names no file"},
      {"sqlite:///x.db?mode=ro", "no query parameters"},
  };
  for (const auto& test : cases) {
    const std::string message = errorOf(test.url);
    EXPECT_NE(message.find(test.expected), std::string::npos) << test.url << " -> " << message;
    EXPECT_EQ(message.find(password), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(DatabaseUrlTest, ErrorsShowTheRedactedUrl) {
  const std::string message = errorOf("postgresql://me:pw123456@h:0/d");
  EXPECT_NE(message.find("postgresql://me:***@h:0/d"), std::string::npos) << message;
}

}  // namespace
}  // namespace orchestra::store
