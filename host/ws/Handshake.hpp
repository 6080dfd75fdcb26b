// The server side of the WebSocket opening handshake (RFC 6455 section 4.2): checks an upgrade
// request and builds the 101 answer, including the `bearer` subprotocol browsers use to carry
// the access token.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/http/Request.hpp"
#include "host/http/Response.hpp"

namespace orchestra::ws {

// The 101 Switching Protocols answer for a valid upgrade request. Throws errors::ApiError: 400
// for a request that is not a WebSocket upgrade or has a malformed key, 426 (with
// Sec-WebSocket-Version: 13) for another protocol version.
http::Response acceptUpgrade(const http::Request& request);

// The Sec-WebSocket-Accept value for a client's key.
std::string acceptKey(std::string_view client_key);

// Whether a browser page at `origin` may open a WebSocket: no Origin (not a browser) or one the
// CORS list allows.
bool originAllowed(std::string_view origin, const std::vector<std::string>& allowed_origins);

}  // namespace orchestra::ws
