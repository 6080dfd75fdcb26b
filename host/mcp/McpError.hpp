// The one failure type of host/mcp: what went wrong talking to an MCP server, classified so that
// callers can tell a retry-worthy transport failure from the server's own refusal.
#pragma once

#include <stdexcept>
#include <string>

namespace orchestra::mcp {

enum class McpFailure {
  Unavailable,  // the transport could not be created or opened (config, spawn rules, network)
  Closed,       // the connection ended (server exited, session closed) before an answer
  Timeout,      // no answer within the request's time
  Cancelled,    // the caller gave up (notifications/cancelled was sent)
  Remote,       // the server answered with a JSON-RPC error (code())
  Protocol,     // the server broke the protocol (bad JSON-RPC, unsupported version)
};

class McpError : public std::runtime_error {
 public:
  McpError(McpFailure failure, const std::string& message, int code = 0)
      : std::runtime_error(message), failure_(failure), code_(code) {}

  McpFailure failure() const { return failure_; }
  // The JSON-RPC error code for Remote, else 0.
  int code() const { return code_; }
  // Worth retrying later: the server may be back (transport trouble, timeouts).
  bool transient() const {
    return failure_ == McpFailure::Unavailable || failure_ == McpFailure::Closed ||
           failure_ == McpFailure::Timeout;
  }

 private:
  McpFailure failure_;
  int code_;
};

}  // namespace orchestra::mcp
