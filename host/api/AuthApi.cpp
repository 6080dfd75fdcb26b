#include "host/api/AuthApi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "host/auth/AuthMiddleware.hpp"
#include "host/auth/Authorization.hpp"
#include "host/http/ErrorResponses.hpp"
#include "host/http/HttpError.hpp"
#include "host/http/JsonBody.hpp"
#include "host/observability/Logger.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"

namespace orchestra::api {

namespace {

constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 path limit
constexpr std::size_t kMaxUserAgentBytes = 512;
constexpr std::size_t kMaxFullNameBytes = 255;
constexpr std::size_t kMaxAvatarUrlBytes = 2048;

using http::HttpError;
using http::ValidationIssue;

std::string toJson(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Poco::Dynamic::Var nullable(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

// A string field of the body; nullopt when absent and `required` is false.
std::optional<std::string> stringField(const Poco::JSON::Object& body, const std::string& name,
                                       bool required) {
  if (!body.has(name) || body.isNull(name)) {
    if (!required) return std::nullopt;
    throw HttpError::validation({{{"body", name}, "Field required", "missing"}});
  }
  const Poco::Dynamic::Var value = body.get(name);
  if (!value.isString()) {
    throw HttpError::validation(
        {{{"body", name}, "Input should be a valid string", "string_type"}});
  }
  return value.extract<std::string>();
}

// Deliberately simple: one @, something on both sides, a dot in the domain, nothing that could
// break a mail header. The mail itself is the real check.
bool plausibleEmail(std::string_view email) {
  if (email.empty() || email.size() > kMaxEmailBytes) return false;
  const auto at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != email.npos) {
    return false;
  }
  const std::string_view domain = email.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == domain.npos || domain.front() == '.' ||
      domain.back() == '.') {
    return false;
  }
  for (const char character : email) {
    const auto byte = static_cast<unsigned char>(character);
    if (byte <= 0x20 || byte == 0x7F || character == '<' || character == '>' || character == ',' ||
        character == ';' || character == '"' || character == '\\') {
      return false;
    }
  }
  return true;
}

std::string requireEmail(const Poco::JSON::Object& body) {
  const std::string email = auth::normalizeEmail(*stringField(body, "email", true));
  if (!plausibleEmail(email)) {
    throw HttpError::validation(
        {{{"body", "email"}, "value is not a valid email address", "value_error"}});
  }
  return email;
}

auth::ClientInfo clientInfo(const http::Request& request, auth::AuthServices& services) {
  auth::ClientInfo client;
  client.ip_address = services.addresses().resolve(request);
  const std::string_view agent = request.header("User-Agent");
  if (!agent.empty()) client.user_agent = std::string(agent.substr(0, kMaxUserAgentBytes));
  return client;
}

Poco::JSON::Object::Ptr userSummary(const store::UserRow& user) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("id", user.id);
  object->set("email", user.email);
  object->set("full_name", nullable(user.full_name));
  return object;
}

http::Response tokenResponse(const auth::SessionTokens& tokens, const store::UserRow& user,
                             std::int64_t access_ttl_seconds) {
  Poco::JSON::Object body;
  body.set("access_token", tokens.access.token);
  body.set("refresh_token", tokens.refresh.token);
  body.set("token_type", "bearer");
  // The plan's example says 3600; the access token's real lifetime is what a client must use.
  body.set("expires_in", access_ttl_seconds);
  body.set("user", userSummary(user));
  http::Response response = http::Response::json(200, toJson(body));
  response.setHeader("Cache-Control", "no-store");
  return response;
}

http::Response meResponse(const store::UserRow& user, const auth::RequestContext& caller,
                          store::Database& database) {
  Poco::JSON::Object body;
  body.set("id", user.id);
  body.set("email", user.email);
  body.set("full_name", nullable(user.full_name));
  body.set("avatar_url", nullable(user.avatar_url));
  body.set("is_active", user.is_active);
  body.set("is_verified", user.is_verified);
  body.set("email_verified_at", nullable(user.email_verified_at));
  body.set("last_login_at", nullable(user.last_login_at));
  body.set("created_at", user.created_at);
  body.set("updated_at", user.updated_at);
  Poco::JSON::Array::Ptr workspaces = new Poco::JSON::Array;
  store::WorkspaceRepository repository(database);
  for (const auto& workspace : repository.listForUser(user.id)) {
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("id", workspace.id);
    entry->set("name", workspace.name);
    const auto* membership = caller.membership(workspace.id);
    entry->set("role", membership
                           ? Poco::Dynamic::Var(membership->role)
                           : Poco::Dynamic::Var(
                                 repository.membership(workspace.id, user.id).value_or("viewer")));
    workspaces->add(entry);
  }
  body.set("workspaces", workspaces);
  return http::Response::json(200, toJson(body));
}

// PATCH /auth/me: full_name and avatar_url only; anything else is refused, not ignored, so a
// client never believes it changed what it cannot.
store::ProfileUpdate parseProfileUpdate(const Poco::JSON::Object& body) {
  std::vector<ValidationIssue> issues;
  store::ProfileUpdate update;
  for (const auto& [name, value] : body) {
    if (name != "full_name" && name != "avatar_url") {
      issues.push_back({{"body", name}, "Extra inputs are not permitted", "extra_forbidden"});
      continue;
    }
    std::optional<std::string> text;
    if (!value.isEmpty()) {
      if (!value.isString()) {
        issues.push_back({{"body", name}, "Input should be a valid string", "string_type"});
        continue;
      }
      text = value.extract<std::string>();
    }
    if (name == "full_name") {
      if (text && text->size() > kMaxFullNameBytes) {
        issues.push_back(
            {{"body", name}, "String should have at most 255 characters", "string_too_long"});
        continue;
      }
      update.full_name = text;
    } else {
      const bool web_url =
          !text || text->empty() || text->starts_with("https://") || text->starts_with("http://");
      if (!web_url || (text && text->size() > kMaxAvatarUrlBytes)) {
        issues.push_back({{"body", name},
                          "Input should be an http(s) URL of at most 2048 bytes",
                          "url_parsing"});
        continue;
      }
      update.avatar_url = text && text->empty() ? std::nullopt : text;
    }
  }
  if (!issues.empty()) throw HttpError::validation(std::move(issues));
  return update;
}

std::string refreshTokenFrom(const http::Request& request) {
  if (!request.body().empty()) {
    const auto body = http::parseJsonObjectBody(request);
    if (auto token = stringField(*body, "refresh_token", false)) return *token;
  }
  if (const auto bearer = auth::bearerToken(request); !bearer.empty()) return std::string(bearer);
  throw HttpError::validation({{{"body", "refresh_token"}, "Field required", "missing"}});
}

constexpr const char* kUserSummarySchema =
    R"({"type":"object","properties":{"id":{"type":"string","format":"uuid"},)"
    R"("email":{"type":"string"},"full_name":{"type":["string","null"]}}})";

std::string tokenSchema() {
  return std::string(
             R"({"type":"object","properties":{"access_token":{"type":"string"},)"
             R"("refresh_token":{"type":"string"},"token_type":{"type":"string","enum":["bearer"]},)"
             R"("expires_in":{"type":"integer"},"user":)") +
         kUserSummarySchema + "}}";
}

http::RouteDoc doc(std::string summary, std::string request_schema, bool requires_auth) {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"auth"};
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.requires_auth = requires_auth;
  if (requires_auth) route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[422] = {"Invalid input", ""};
  return route_doc;
}

}  // namespace

void registerAuthRoutes(http::Router& router, auth::AuthServices& services) {
  const std::int64_t access_ttl = services.tokens().settings().access_ttl.count();

  auto request_otp =
      doc("Email a one-time sign-in code",
          R"({"type":"object","required":["email"],"properties":{"email":{"type":"string"},)"
          R"("purpose":{"type":"string","enum":["login","signup","reset"],"default":"login"}}})",
          false);
  request_otp.description =
      "Known and unknown addresses get the same answer; the first verified login creates the "
      "account. A new request retires the previous code.";
  request_otp.responses[200] = {"Code sent", R"({"type":"object","properties":{"success":)"
                                             R"({"type":"boolean"},"message":{"type":"string"},)"
                                             R"("expires_in":{"type":"integer"}}})"};
  request_otp.responses[429] = {"Too many requests from this address", ""};
  request_otp.responses[503] = {"The mail could not be sent", ""};
  router.add(
      "POST", "/api/v1/auth/request-otp",
      [&services](http::Request& request) {
        const auto body = http::parseJsonObjectBody(request);
        const std::string email = requireEmail(*body);
        const std::string purpose = stringField(*body, "purpose", false).value_or("login");
        if (!auth::isOtpPurpose(purpose)) {
          throw HttpError::validation(
              {{{"body", "purpose"}, "Input should be 'login', 'signup' or 'reset'", "enum"}});
        }
        try {
          services.otp().request(email, purpose, clientInfo(request, services));
        } catch (const auth::EmailDeliveryError& error) {
          observability::logError("auth", "OTP mail not delivered",
                                  {{"error", error.what()}, {"request_id", request.requestId()}});
          return http::errorResponse(503, "The code could not be sent; try again later");
        }
        Poco::JSON::Object answer;
        answer.set("success", true);
        answer.set("message", "OTP sent to email");
        answer.set("expires_in", services.otp().ttlSeconds());
        return http::Response::json(200, toJson(answer));
      },
      std::move(request_otp));

  auto verify_otp =
      doc("Exchange an emailed code for tokens",
          R"({"type":"object","required":["email","code"],"properties":{"email":{"type":"string"},)"
          R"("code":{"type":"string","pattern":"^[0-9]{6}$"},)"
          R"("purpose":{"type":"string","enum":["login","signup"]}}})",
          false);
  verify_otp.responses[200] = {"Logged in", tokenSchema()};
  verify_otp.responses[400] = {"Wrong, expired or used code", ""};
  verify_otp.responses[429] = {"Too many attempts from this address", ""};
  router.add(
      "POST", "/api/v1/auth/verify-otp",
      [&services, access_ttl](http::Request& request) {
        const auto body = http::parseJsonObjectBody(request);
        const std::string email = requireEmail(*body);
        const std::string code = *stringField(*body, "code", true);
        const bool six_digits =
            code.size() == 6 && code.find_first_not_of("0123456789") == std::string::npos;
        if (!six_digits) {
          throw HttpError::validation({{{"body", "code"},
                                        "String should match pattern '^[0-9]{6}$'",
                                        "string_pattern_mismatch"}});
        }
        const std::string purpose = stringField(*body, "purpose", false).value_or("");
        auto result =
            services.login().loginWithCode(email, code, purpose, clientInfo(request, services));
        if (!result) return http::errorResponse(400, "Invalid or expired code");
        return tokenResponse(result->tokens, result->user, access_ttl);
      },
      std::move(verify_otp));

  auto refresh = doc("Rotate the refresh token and get a new access token",
                     R"({"type":"object","required":["refresh_token"],)"
                     R"("properties":{"refresh_token":{"type":"string"}}})",
                     false);
  refresh.description =
      "The refresh token may also come as `Authorization: Bearer`. Each refresh token works "
      "once: presenting a rotated one again revokes the whole session.";
  refresh.responses[200] = {"New tokens", tokenSchema()};
  refresh.responses[401] = {"Invalid, expired, revoked or reused refresh token", ""};
  router.add(
      "POST", "/api/v1/auth/refresh",
      [&services, access_ttl](http::Request& request) {
        const std::string token = refreshTokenFrom(request);
        auto tokens = services.sessions().refresh(token, nullptr);
        if (!tokens) return auth::notAuthenticated();
        store::UserRepository users(services.database());
        const auto user = users.findById(tokens->access.claims.user_id);
        if (!user) return auth::notAuthenticated();
        return tokenResponse(*tokens, *user, access_ttl);
      },
      std::move(refresh));

  auto logout = doc("Log out: revoke this session", "", true);
  logout.responses[200] = {"Session revoked",
                           R"({"type":"object","properties":{"success":{"type":"boolean"}}})"};
  router.add(
      "POST", "/api/v1/auth/logout",
      [&services](http::Request& request) {
        const auth::RequestContext& caller = auth::requireCaller(request);
        services.sessions().revoke(caller.sessionId(), "logout");
        return http::Response::json(200, R"({"success":true,"message":"Logged out"})");
      },
      std::move(logout));

  constexpr const char* kMeSchema =
      R"({"type":"object","properties":{"id":{"type":"string"},"email":{"type":"string"},)"
      R"("full_name":{"type":["string","null"]},"avatar_url":{"type":["string","null"]},)"
      R"("workspaces":{"type":"array","items":{"type":"object","properties":{"id":)"
      R"({"type":"string"},"name":{"type":"string"},"role":{"type":"string"}}}}}})";
  auto get_me = doc("The current user, with their workspaces and roles", "", true);
  get_me.responses[200] = {"The user", kMeSchema};
  router.add(
      "GET", "/api/v1/auth/me",
      [&services](http::Request& request) {
        const auth::RequestContext& caller = auth::requireCaller(request);
        store::UserRepository users(services.database());
        const auto user = users.findById(caller.userId());
        if (!user) return auth::notAuthenticated();
        return meResponse(*user, caller, services.database());
      },
      std::move(get_me));

  auto patch_me = doc("Change the profile (full_name, avatar_url; nothing else)",
                      R"({"type":"object","additionalProperties":false,"properties":)"
                      R"({"full_name":{"type":["string","null"],"maxLength":255},)"
                      R"("avatar_url":{"type":["string","null"],"format":"uri"}}})",
                      true);
  patch_me.responses[200] = {"The updated user", kMeSchema};
  router.add(
      "PATCH", "/api/v1/auth/me",
      [&services](http::Request& request) {
        const auth::RequestContext& caller = auth::requireCaller(request);
        const auto body = http::parseJsonObjectBody(request);
        const store::ProfileUpdate update = parseProfileUpdate(*body);
        store::UserRepository users(services.database());
        const auto user = users.updateProfile(caller.userId(), update);
        if (!user) return auth::notAuthenticated();
        return meResponse(*user, caller, services.database());
      },
      std::move(patch_me));
}

}  // namespace orchestra::api
