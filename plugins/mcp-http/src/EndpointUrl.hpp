// Where an HTTP+SSE server (MCP 2024-11-05) wants messages POSTed: the URL its `endpoint` event
// names, resolved against the URL of the event stream that carried it.
#pragma once

#include <string>

namespace orchestra::plugins::mcp_http {

// An absolute URL, a path ("/message?sessionId=1") or a relative one ("message?sessionId=1").
// Throws sdk::Error (permission denied) for another origin: the configured headers carry
// credentials and go to the stream's origin only.
std::string resolveEndpoint(const std::string& stream_url, const std::string& endpoint);

}  // namespace orchestra::plugins::mcp_http
