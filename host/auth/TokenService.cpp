#include "host/auth/TokenService.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>

#include <cmath>

#include "host/auth/Crypto.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::auth {

namespace {

std::int64_t nowSeconds() {
  return Poco::Timestamp().epochTime();
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  Poco::JSON::Parser parser;
  const Poco::Dynamic::Var parsed = parser.parse(text);
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> stringClaim(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name)) return std::nullopt;
  const Poco::Dynamic::Var value = object.get(name);
  if (!value.isString()) return std::nullopt;
  return value.extract<std::string>();
}

// A NumericDate (RFC 7519 §2): a JSON number of seconds; fractions are truncated.
std::optional<std::int64_t> timeClaim(const Poco::JSON::Object& object, const std::string& name) {
  if (!object.has(name)) return std::nullopt;
  const Poco::Dynamic::Var value = object.get(name);
  if (value.isString() || value.isBoolean() || value.isEmpty() || !value.isNumeric()) {
    return std::nullopt;
  }
  const double seconds = value.convert<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e12) return std::nullopt;
  return static_cast<std::int64_t>(seconds);
}

bool audienceMatches(const Poco::JSON::Object& payload, const std::string& audience) {
  if (!payload.has("aud")) return false;
  const Poco::Dynamic::Var value = payload.get("aud");
  if (value.isString()) return value.extract<std::string>() == audience;
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) {
      const Poco::Dynamic::Var entry = array->get(static_cast<unsigned>(i));
      if (entry.isString() && entry.extract<std::string>() == audience) return true;
    }
  }
  return false;
}

}  // namespace

std::string_view tokenTypeName(TokenType type) noexcept {
  return type == TokenType::Access ? "access" : "refresh";
}

std::string_view tokenRejectionName(TokenRejection rejection) noexcept {
  switch (rejection) {
    case TokenRejection::None:
      return "none";
    case TokenRejection::Oversized:
      return "oversized";
    case TokenRejection::Malformed:
      return "malformed";
    case TokenRejection::BadHeader:
      return "bad_header";
    case TokenRejection::WrongAlgorithm:
      return "wrong_algorithm";
    case TokenRejection::BadSignature:
      return "bad_signature";
    case TokenRejection::BadClaims:
      return "bad_claims";
    case TokenRejection::WrongType:
      return "wrong_type";
    case TokenRejection::WrongIssuer:
      return "wrong_issuer";
    case TokenRejection::WrongAudience:
      return "wrong_audience";
    case TokenRejection::Expired:
      return "expired";
    case TokenRejection::NotYetValid:
      return "not_yet_valid";
  }
  return "unknown";
}

TokenService::TokenService(TokenSettings settings) : settings_(std::move(settings)) {}

IssuedToken TokenService::issue(TokenType type, std::string_view user_id, std::string_view email,
                                std::string_view session_id) const {
  IssuedToken issued;
  TokenClaims& claims = issued.claims;
  claims.user_id = user_id;
  claims.email = type == TokenType::Access ? std::string(email) : std::string();
  claims.session_id = session_id;
  claims.token_id = store::newUuid();
  claims.type = type;
  claims.issued_at = nowSeconds();
  const auto ttl = type == TokenType::Access ? settings_.access_ttl : settings_.refresh_ttl;
  claims.expires_at = claims.issued_at + ttl.count();

  Poco::JWT::Token token;
  token.setType("JWT");
  token.setSubject(claims.user_id);
  token.setIssuer(settings_.issuer);
  token.setAudience(settings_.audience);
  token.setId(claims.token_id);
  // Integral NumericDates, as the plan shows them (Poco's setters write fractions).
  token.payload().set("iat", Poco::Int64(claims.issued_at));
  token.payload().set("exp", Poco::Int64(claims.expires_at));
  token.payload().set("type", std::string(tokenTypeName(type)));
  token.payload().set("sid", claims.session_id);
  if (type == TokenType::Access) token.payload().set("email", claims.email);

  Poco::JWT::Signer signer(settings_.secret);
  issued.token = signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
  return issued;
}

std::optional<TokenClaims> TokenService::verify(std::string_view token, TokenType expected,
                                                TokenRejection* why) const noexcept {
  TokenRejection rejection = TokenRejection::None;
  std::optional<TokenClaims> claims;
  try {
    claims = verifyOrThrow(token, expected, rejection);
  } catch (...) {
    // A JSON parser error or anything else unexpected in attacker-controlled input.
    claims.reset();
    if (rejection == TokenRejection::None) rejection = TokenRejection::Malformed;
  }
  if (why != nullptr) *why = rejection;
  return claims;
}

// Verified by hand rather than with Poco::JWT::Signer::verify, on purpose: Poco 1.11's verify
// neither requires `exp` nor documents a constant-time signature comparison, and we accept
// exactly one algorithm (HS256) whatever the header says. Signing stays with Poco::JWT::Signer
// (issue() above), whose output these checks accept.
std::optional<TokenClaims> TokenService::verifyOrThrow(std::string_view token, TokenType expected,
                                                       TokenRejection& why) const {
  if (token.size() > kMaxTokenBytes) {
    why = TokenRejection::Oversized;
    return std::nullopt;
  }
  const auto first_dot = token.find('.');
  const auto second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != token.npos ||
      first_dot == 0 || second_dot == first_dot + 1 || second_dot + 1 == token.size()) {
    why = TokenRejection::Malformed;
    return std::nullopt;
  }
  const std::string_view header_part = token.substr(0, first_dot);
  const std::string_view payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_part = token.substr(second_dot + 1);

  // The header decides nothing but must say exactly HS256: "none", other HMAC sizes and
  // public-key algorithms (the RS/HS confusion attack) are all refused before any other work.
  why = TokenRejection::BadHeader;
  const auto header_text = base64UrlDecode(header_part);
  if (!header_text) return std::nullopt;
  const auto header = parseObject(*header_text);
  if (!header) return std::nullopt;
  const auto algorithm = stringClaim(*header, "alg");
  if (!algorithm || *algorithm != "HS256") {
    why = TokenRejection::WrongAlgorithm;
    return std::nullopt;
  }
  if (header->has("crit")) return std::nullopt;  // extensions we do not understand
  if (header->has("typ")) {
    const auto type = stringClaim(*header, "typ");
    if (!type || (*type != "JWT" && *type != "jwt")) return std::nullopt;
  }

  why = TokenRejection::BadSignature;
  const auto signature = base64UrlDecode(signature_part);
  if (!signature || signature->size() != 32) return std::nullopt;
  const std::string expected_signature = hmacSha256(settings_.secret, token.substr(0, second_dot));
  if (!constantTimeEquals(*signature, expected_signature)) return std::nullopt;

  why = TokenRejection::BadClaims;
  const auto payload_text = base64UrlDecode(payload_part);
  if (!payload_text) return std::nullopt;
  const auto payload = parseObject(*payload_text);
  if (!payload) return std::nullopt;

  TokenClaims claims;
  const auto subject = stringClaim(*payload, "sub");
  const auto session = stringClaim(*payload, "sid");
  const auto token_id = stringClaim(*payload, "jti");
  const auto type = stringClaim(*payload, "type");
  const auto issued_at = timeClaim(*payload, "iat");
  const auto expires_at = timeClaim(*payload, "exp");
  if (!subject || !session || !token_id || token_id->empty() || !type || !issued_at ||
      !expires_at) {
    return std::nullopt;
  }
  const auto user_id = store::canonicalUuid(*subject);
  const auto session_id = store::canonicalUuid(*session);
  if (!user_id || !session_id) return std::nullopt;
  if (*type != tokenTypeName(expected)) {
    why = TokenRejection::WrongType;
    return std::nullopt;
  }
  const auto issuer = stringClaim(*payload, "iss");
  if (!issuer || *issuer != settings_.issuer) {
    why = TokenRejection::WrongIssuer;
    return std::nullopt;
  }
  if (!audienceMatches(*payload, settings_.audience)) {
    why = TokenRejection::WrongAudience;
    return std::nullopt;
  }
  const std::int64_t now = nowSeconds();
  if (*expires_at <= now) {
    why = TokenRejection::Expired;
    return std::nullopt;
  }
  if (*issued_at > now + kClockSkewSeconds) {
    why = TokenRejection::NotYetValid;
    return std::nullopt;
  }
  if (payload->has("nbf")) {
    const auto not_before = timeClaim(*payload, "nbf");
    if (!not_before || *not_before > now + kClockSkewSeconds) {
      why = TokenRejection::NotYetValid;
      return std::nullopt;
    }
  }
  if (expected == TokenType::Access) {
    const auto email = stringClaim(*payload, "email");
    if (!email) {
      why = TokenRejection::BadClaims;
      return std::nullopt;
    }
    claims.email = *email;
  }
  claims.user_id = *user_id;
  claims.session_id = *session_id;
  claims.token_id = *token_id;
  claims.type = expected;
  claims.issued_at = *issued_at;
  claims.expires_at = *expires_at;
  why = TokenRejection::None;
  return claims;
}

}  // namespace orchestra::auth
