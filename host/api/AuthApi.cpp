#include "host/api/AuthApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/AuthMiddleware.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/ErrorResponses.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::api {

namespace {

constexpr std::int64_t kMaxAuthBodyBytes = std::int64_t{8} * 1024;
constexpr std::size_t kMaxAuthJsonValues = 64;

// The email rules every auth body shares; the route schema is the only check of them.
constexpr const char* kEmailSchema =
    R"({"type":"string","format":"email","minLength":3,"maxLength":254})";

std::string bodyString(const http::Request& request, const char* name) {
  return request.jsonBody().getValue<std::string>(name);
}

std::optional<std::string> optionalBodyString(const http::Request& request, const char* name) {
  const text::JsonView body = request.jsonBody();
  if (body.isNull(name)) return std::nullopt;
  return body.getValue<std::string>(name);
}

auth::ClientInfo clientInfo(const http::Request& request, auth::AuthServices& services) {
  return auth::clientInfo(request, services.addresses());
}

http::Response tokenResponse(const auth::SessionTokens& tokens, const store::UserRow& user,
                             std::int64_t access_ttl_seconds) {
  text::JsonWriter json;
  json.beginObject()
      .field("access_token", tokens.access.token)
      .field("refresh_token", tokens.refresh.token)
      .field("token_type", "bearer")
      // The plan's example says 3600; the access token's real lifetime is what a client must use.
      .field("expires_in", access_ttl_seconds)
      .key("user")
      .beginObject()
      .field("id", user.id)
      .field("email", user.email)
      .field("full_name", user.full_name)
      .endObject()
      .endObject();
  http::Response response = http::jsonResponse(200, std::move(json));
  response.setHeader("Cache-Control", "no-store");
  return response;
}

http::Response meResponse(const auth::Account& account) {
  const store::UserRow& user = account.user;
  text::JsonWriter json;
  json.beginObject()
      .field("id", user.id)
      .field("email", user.email)
      .field("full_name", user.full_name)
      .field("avatar_url", user.avatar_url)
      .field("is_active", user.is_active)
      .field("is_verified", user.is_verified)
      .field("email_verified_at", user.email_verified_at)
      .field("last_login_at", user.last_login_at)
      .field("created_at", user.created_at)
      .field("updated_at", user.updated_at)
      .key("workspaces")
      .beginArray();
  for (const auto& workspace : account.workspaces) {
    json.beginObject()
        .field("id", workspace.workspace_id)
        .field("name", workspace.workspace_name)
        .field("role", workspace.role)
        .endObject();
  }
  json.endArray().endObject();
  return http::jsonResponse(200, std::move(json));
}

// PATCH /auth/me: the schema admits full_name and avatar_url only (anything else is refused,
// not ignored, so a client never believes it changed what it cannot). Null or "" clears.
store::ProfileUpdate profileUpdate(text::JsonView body) {
  const auto cleared = [body](const char* name) -> std::optional<std::string> {
    if (body.isNull(name)) return std::nullopt;
    auto value = body.getValue<std::string>(name);
    if (value.empty()) return std::nullopt;
    return value;
  };
  store::ProfileUpdate update;
  if (body.has("full_name")) update.full_name = cleared("full_name");
  if (body.has("avatar_url")) update.avatar_url = cleared("avatar_url");
  return update;
}

// The names of the fields changed (never their values: a profile is personal data).
workspaces::ActivityEntry profileActivity(const std::string& user_id, text::JsonView body) {
  text::JsonWriter details;
  details.beginObject().key("fields").beginArray();
  for (const char* name : {"full_name", "avatar_url"}) {
    if (body.has(name)) details.value(name);
  }
  details.endArray().endObject();
  return {std::nullopt, "user.profile_updated", "user", user_id, std::move(details).finish()};
}

std::string refreshTokenFrom(const http::Request& request) {
  if (auto token = optionalBodyString(request, "refresh_token")) return *token;
  if (const auto bearer = auth::bearerToken(request); !bearer.empty()) return std::string(bearer);
  throw errors::ApiError::validation({"body", "refresh_token"}, "Field required", "missing");
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
  // Signing in is open to all; the rest acts on the caller's own account only.
  route_doc.action = auth::actionName(requires_auth ? auth::Action::Account : auth::Action::Public);
  // The largest auth body (a profile: 255-character name, 2 KiB avatar URL) fits 8 KiB; most of
  // these routes are anonymous, so nothing bigger is ever parsed for a stranger.
  route_doc.max_body_bytes = kMaxAuthBodyBytes;
  route_doc.max_json_values = kMaxAuthJsonValues;
  if (requires_auth) route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[422] = {"Invalid input", ""};
  return route_doc;
}

}  // namespace

void registerAuthRoutes(http::Router& router, auth::AuthServices& services,
                        const ActivityRecorder& activity) {
  const std::int64_t access_ttl = services.tokens().settings().access_ttl.count();

  auto request_otp = doc("Email a one-time sign-in code",
                         std::string(R"({"type":"object","required":["email"],"properties":{)") +
                             R"("email":)" + kEmailSchema +
                             R"(,"purpose":{"type":"string","enum":["login","signup","reset"],)"
                             R"("default":"login"}}})",
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
        const std::string email = auth::normalizeEmail(bodyString(request, "email"));
        const std::string purpose = bodyString(request, "purpose");  // defaulted by the schema
        try {
          services.otp().request(email, purpose, clientInfo(request, services));
        } catch (const auth::EmailDeliveryError& error) {
          observability::logError("auth", "OTP mail not delivered",
                                  {{"error", error.what()}, {"request_id", request.requestId()}});
          return http::errorResponse(503, "The code could not be sent; try again later");
        }
        text::JsonWriter json;
        json.beginObject()
            .field("success", true)
            .field("message", "OTP sent to email")
            .field("expires_in", services.otp().ttlSeconds())
            .endObject();
        return http::jsonResponse(200, std::move(json));
      },
      std::move(request_otp));

  auto verify_otp =
      doc("Exchange an emailed code for tokens",
          std::string(R"({"type":"object","required":["email","code"],"properties":{"email":)") +
              kEmailSchema +
              R"(,"code":{"type":"string","pattern":"^[0-9]{6}$"},)"
              R"("purpose":{"type":"string","enum":["login","signup"]}}})",
          false);
  verify_otp.responses[200] = {"Logged in", tokenSchema()};
  verify_otp.responses[400] = {"Wrong, expired or used code", ""};
  verify_otp.responses[429] = {"Too many attempts from this address", ""};
  router.add(
      "POST", "/api/v1/auth/verify-otp",
      [&services, access_ttl](http::Request& request) {
        const std::string email = auth::normalizeEmail(bodyString(request, "email"));
        const std::string purpose = optionalBodyString(request, "purpose").value_or("");
        auto result = services.login().loginWithCode(email, bodyString(request, "code"), purpose,
                                                     clientInfo(request, services));
        if (!result) return http::errorResponse(400, "Invalid or expired code");
        return tokenResponse(result->tokens, result->user, access_ttl);
      },
      std::move(verify_otp));

  auto refresh =
      doc("Rotate the refresh token and get a new access token",
          R"({"type":"object","properties":{"refresh_token":{"type":"string"}}})", false);
  refresh.request_body_optional = true;
  refresh.description =
      "The refresh token comes in the body or as `Authorization: Bearer`. Each refresh token "
      "works once: presenting a rotated one again revokes the whole session.";
  refresh.responses[200] = {"New tokens", tokenSchema()};
  refresh.responses[401] = {"Invalid, expired, revoked or reused refresh token", ""};
  router.add(
      "POST", "/api/v1/auth/refresh",
      [&services, access_ttl](http::Request& request) {
        const std::string token = refreshTokenFrom(request);
        auto tokens = services.sessions().refresh(token, nullptr);
        if (!tokens) return auth::notAuthenticated();
        const auto user = services.accounts().findUser(tokens->access.claims.user_id);
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
        services.sessions().revoke(auth::requireCaller(request).sessionId(), "logout");
        text::JsonWriter json;
        json.beginObject().field("success", true).field("message", "Logged out").endObject();
        return http::jsonResponse(200, std::move(json));
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
        const auto account = services.accounts().account(auth::requireCaller(request).userId());
        if (!account) return auth::notAuthenticated();
        return meResponse(*account);
      },
      std::move(get_me));

  auto patch_me = doc("Change the profile (full_name, avatar_url; nothing else)",
                      R"({"type":"object","additionalProperties":false,"properties":)"
                      R"({"full_name":{"type":["string","null"],"maxLength":255},)"
                      R"("avatar_url":{"type":["string","null"],"maxLength":2048,)"
                      R"("pattern":"^(https?://\\S+)?$"}}})",
                      true);
  patch_me.description = "null or an empty string clears a field; other fields are refused.";
  patch_me.responses[200] = {"The updated user", kMeSchema};
  router.add(
      "PATCH", "/api/v1/auth/me",
      [&services, &activity](http::Request& request) {
        const text::JsonView body = request.jsonBody();
        const std::string& user_id = auth::requireCaller(request).userId();
        const auto account = services.accounts().updateProfile(user_id, profileUpdate(body));
        if (!account) return auth::notAuthenticated();
        activity.record(request, profileActivity(user_id, body));
        return meResponse(*account);
      },
      std::move(patch_me));
}

}  // namespace orchestra::api
