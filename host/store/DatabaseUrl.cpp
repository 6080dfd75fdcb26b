#include "host/store/DatabaseUrl.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "host/store/StoreError.hpp"
#include "host/text/PercentDecoding.hpp"

namespace orchestra::store {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite://";
constexpr std::string_view kRedactedPassword = "***";

// libpq keywords a URL may set in its query string. Anything else is refused here, with the
// key named, rather than later by libpq with a message that does not say it came from the URL.
constexpr std::array<std::string_view, 27> kLibpqQueryKeys = {"application_name",
                                                              "channel_binding",
                                                              "client_encoding",
                                                              "connect_timeout",
                                                              "dbname",
                                                              "gssencmode",
                                                              "host",
                                                              "hostaddr",
                                                              "keepalives",
                                                              "keepalives_count",
                                                              "keepalives_idle",
                                                              "keepalives_interval",
                                                              "options",
                                                              "passfile",
                                                              "password",
                                                              "port",
                                                              "sslcert",
                                                              "sslcompression",
                                                              "sslcrl",
                                                              "sslkey",
                                                              "sslmode",
                                                              "sslpassword",
                                                              "sslrootcert",
                                                              "sslsni",
                                                              "target_session_attrs",
                                                              "tcp_user_timeout",
                                                              "user"};

constexpr std::array<std::string_view, 6> kSslModes = {"disable", "allow",     "prefer",
                                                       "require", "verify-ca", "verify-full"};

bool isSecretKey(std::string_view key) {
  return key == "password" || key == "sslpassword";
}

[[noreturn]] void fail(std::string_view problem, std::string_view redacted_url) {
  std::string message = "database.url: " + std::string(problem);
  if (!redacted_url.empty()) message += " (" + std::string(redacted_url) + ")";
  throw StoreError(message, StoreErrorKind::InvalidConfiguration);
}

std::optional<int> parseInt(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// libpq reads an unquoted value up to the next space, and unescapes backslashes; a quoted one
// runs to the closing quote with \' and \\ escaped.
std::string quoteLibpqValue(std::string_view value) {
  const bool needs_quotes =
      value.empty() || std::any_of(value.begin(), value.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '\'' || c == '\\';
      });
  if (!needs_quotes) return std::string(value);
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

void setParameter(std::vector<std::pair<std::string, std::string>>& parameters,
                  std::string_view key, std::string value) {
  for (auto& [existing_key, existing_value] : parameters) {
    if (existing_key == key) {
      existing_value = std::move(value);
      return;
    }
  }
  parameters.emplace_back(std::string(key), std::move(value));
}

// The URL as written, with the password in the user-info part and any password=/sslpassword=
// query values replaced. Built before anything is validated, so every error can show it.
std::string redactPostgresUrl(std::string_view url, std::size_t scheme_end) {
  const std::string_view rest = url.substr(scheme_end);
  const std::size_t authority_end = std::min(rest.find('/'), rest.find('?'));
  const std::string_view authority = rest.substr(0, authority_end);
  std::string out(url.substr(0, scheme_end));
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view user_info = authority.substr(0, at);
    const std::size_t colon = user_info.find(':');
    out += user_info.substr(0, colon);
    if (colon != std::string_view::npos) {
      out += ':';
      out += kRedactedPassword;
    }
    out += authority.substr(at);
  } else {
    out += authority;
  }
  if (authority_end == std::string_view::npos) return out;
  const std::string_view tail = rest.substr(authority_end);
  const std::size_t question = tail.find('?');
  out += tail.substr(0, question);
  if (question == std::string_view::npos) return out;
  out += '?';
  std::string_view query = tail.substr(question + 1);
  bool first = true;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const std::size_t equals = pair.find('=');
    const std::string_view key = pair.substr(0, equals);
    if (equals != std::string_view::npos && isSecretKey(key)) {
      out += key;
      out += '=';
      out += kRedactedPassword;
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return out;
}

}  // namespace

DatabaseUrl DatabaseUrl::parse(std::string_view url) {
  DatabaseUrl parsed;
  if (url.substr(0, kSqliteScheme.size()) == kSqliteScheme) {
    parsed.dialect_ = DialectKind::Sqlite;
    parsed.redacted_ = std::string(url);
    const std::string_view rest = url.substr(kSqliteScheme.size());
    if (rest == ":memory:" || rest == "/:memory:") {
      parsed.sqlite_path_ = ":memory:";
      return parsed;
    }
    if (rest.empty() || rest.front() != '/') {
      fail("a SQLite URL is sqlite:///relative/path.db or sqlite:////absolute/path.db",
           parsed.redacted_);
    }
    if (rest.find('?') != std::string_view::npos) {
      fail("a SQLite URL takes no query parameters", parsed.redacted_);
    }
    parsed.sqlite_path_ = std::string(rest.substr(1));
    if (parsed.sqlite_path_.empty() || parsed.sqlite_path_.back() == '/') {
      fail("the SQLite URL names no file", parsed.redacted_);
    }
    return parsed;
  }

  std::size_t scheme_end = 0;
  for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (url.substr(0, scheme.size()) == scheme) scheme_end = scheme.size();
  }
  if (scheme_end == 0) {
    const std::size_t colon = url.find(':');
    const std::string scheme =
        colon == std::string_view::npos ? std::string() : std::string(url.substr(0, colon));
    // The rest of an unrecognised URL may hold a password: show the scheme only.
    fail(scheme.empty()
             ? "not a URL; expected sqlite://... or postgresql://..."
             : "unsupported scheme '" + scheme + "'; expected sqlite, postgresql or postgres",
         "");
  }
  parsed.dialect_ = DialectKind::Postgres;
  parsed.redacted_ = redactPostgresUrl(url, scheme_end);
  const std::string_view& redacted = parsed.redacted_;

  std::string_view rest = url.substr(scheme_end);
  std::string_view query;
  if (const std::size_t question = rest.find('?'); question != std::string_view::npos) {
    query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view path =
      slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);

  std::string_view host_port = authority;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view user_info = authority.substr(0, at);
    host_port = authority.substr(at + 1);
    const std::size_t colon = user_info.find(':');
    const auto user = text::percentDecode(user_info.substr(0, colon));
    if (!user) fail("bad percent-encoding in the user name", redacted);
    if (!user->empty()) setParameter(parsed.parameters_, "user", *user);
    if (colon != std::string_view::npos) {
      const auto password = text::percentDecode(user_info.substr(colon + 1));
      if (!password) fail("bad percent-encoding in the password", redacted);
      setParameter(parsed.parameters_, "password", *password);
    }
  }

  std::string_view host = host_port;
  std::string_view port;
  if (!host_port.empty() && host_port.front() == '[') {
    const std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) fail("unclosed '[' in the host", redacted);
    host = host_port.substr(1, close - 1);
    const std::string_view after = host_port.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') fail("unexpected text after the IPv6 host", redacted);
      port = after.substr(1);
    }
  } else if (const std::size_t colon = host_port.rfind(':'); colon != std::string_view::npos) {
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
  }
  if (!host.empty()) {
    const auto decoded_host = text::percentDecode(host);
    if (!decoded_host) fail("bad percent-encoding in the host", redacted);
    setParameter(parsed.parameters_, "host", *decoded_host);
  }
  if (!port.empty() || host_port.find(':') != std::string_view::npos) {
    const auto port_number = parseInt(port);
    if (!port_number || *port_number < 1 || *port_number > 65535) {
      fail("the port must be a number from 1 to 65535", redacted);
    }
    setParameter(parsed.parameters_, "port", std::string(port));
  }

  const auto dbname = text::percentDecode(path);
  if (!dbname) fail("bad percent-encoding in the database name", redacted);
  if (dbname->empty()) fail("the URL names no database (postgresql://host:port/dbname)", redacted);
  if (dbname->find('/') != std::string::npos) fail("the database name contains '/'", redacted);
  setParameter(parsed.parameters_, "dbname", *dbname);

  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) {
      fail("query parameter '" + std::string(pair) + "' has no value", redacted);
    }
    const std::string key(pair.substr(0, equals));
    if (std::find(kLibpqQueryKeys.begin(), kLibpqQueryKeys.end(), key) == kLibpqQueryKeys.end()) {
      fail("unknown query parameter '" + key + "' (not a libpq connection keyword)", redacted);
    }
    const auto value = text::percentDecode(pair.substr(equals + 1));
    if (!value) fail("bad percent-encoding in query parameter '" + key + "'", redacted);
    if (key == "sslmode" &&
        std::find(kSslModes.begin(), kSslModes.end(), *value) == kSslModes.end()) {
      fail("sslmode must be disable, allow, prefer, require, verify-ca or verify-full", redacted);
    }
    if (key == "connect_timeout") {
      const auto seconds = parseInt(*value);
      if (!seconds || *seconds < 0)
        fail("connect_timeout must be a whole number of seconds", redacted);
    }
    setParameter(parsed.parameters_, key, *value);
  }
  return parsed;
}

std::optional<std::string> DatabaseUrl::postgresParameter(std::string_view key) const {
  for (const auto& [existing_key, value] : parameters_) {
    if (existing_key == key) return value;
  }
  return std::nullopt;
}

std::string DatabaseUrl::libpqConnectionString(int default_connect_timeout_s) const {
  std::string out;
  auto append = [&out](std::string_view key, std::string_view value) {
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += quoteLibpqValue(value);
  };
  for (const auto& [key, value] : parameters_)
    append(key, value);
  if (default_connect_timeout_s > 0 && !postgresParameter("connect_timeout")) {
    append("connect_timeout", std::to_string(default_connect_timeout_s));
  }
  return out;
}

}  // namespace orchestra::store
