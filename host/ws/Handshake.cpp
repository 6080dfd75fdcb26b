#include "host/ws/Handshake.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>

#include "host/errors/ApiError.hpp"

namespace orchestra::ws {

namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::string_view kBearerProtocol = "bearer";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// The comma-separated elements of a header value, trimmed.
std::vector<std::string_view> listElements(std::string_view value) {
  std::vector<std::string_view> elements;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view element = trim(value.substr(0, comma));
    if (!element.empty()) elements.push_back(element);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return elements;
}

bool listHasToken(std::string_view value, std::string_view token) {
  const auto elements = listElements(value);
  return std::any_of(elements.begin(), elements.end(), [token](std::string_view element) {
    return Poco::icompare(std::string(element), std::string(token)) == 0;
  });
}

std::size_t decodedLength(std::string_view base64) {
  try {
    std::istringstream in{std::string(base64)};
    Poco::Base64Decoder decoder(in);
    std::string decoded((std::istreambuf_iterator<char>(decoder)),
                        std::istreambuf_iterator<char>());
    return decoded.size();
  } catch (...) {
    return 0;
  }
}

// 426 naming the version this server speaks.
errors::ApiError unsupportedVersion() {
  errors::ApiError error(426, "Unsupported WebSocket version; this server speaks version 13");
  error.withHeader("Sec-WebSocket-Version", "13");
  return error;
}

}  // namespace

std::string acceptKey(std::string_view client_key) {
  Poco::SHA1Engine sha1;
  sha1.update(client_key.data(), static_cast<unsigned>(client_key.size()));
  sha1.update(kAcceptGuid.data(), static_cast<unsigned>(kAcceptGuid.size()));
  const Poco::DigestEngine::Digest& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.write(reinterpret_cast<const char*>(digest.data()),
                static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

http::Response acceptUpgrade(const http::Request& request) {
  if (!listHasToken(request.header("Upgrade"), "websocket") ||
      !listHasToken(request.header("Connection"), "upgrade")) {
    throw errors::ApiError::badRequest("This endpoint speaks WebSocket: send an upgrade request");
  }
  if (trim(request.header("Sec-WebSocket-Version")) != "13") throw unsupportedVersion();
  const std::string_view key = trim(request.header("Sec-WebSocket-Key"));
  // The key is 16 random bytes in base64: 24 characters.
  if (key.size() != 24 || decodedLength(key) != 16) {
    throw errors::ApiError::badRequest("Sec-WebSocket-Key must be 16 bytes in base64");
  }
  http::Response response;
  response.status = 101;
  response.content_type.clear();
  response.setHeader("Upgrade", "websocket");
  response.setHeader("Sec-WebSocket-Accept", acceptKey(key));
  if (listHasToken(request.header("Sec-WebSocket-Protocol"), kBearerProtocol)) {
    response.setHeader("Sec-WebSocket-Protocol", std::string(kBearerProtocol));
  }
  return response;
}

bool originAllowed(std::string_view origin, const std::vector<std::string>& allowed_origins) {
  if (origin.empty()) return true;
  return std::any_of(
      allowed_origins.begin(), allowed_origins.end(),
      [origin](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

}  // namespace orchestra::ws
