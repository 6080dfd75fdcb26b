// How a one-node call (runtime::runOneNode) that failed reads over HTTP, for the endpoints that
// run a node type directly: the AI tools and agent test runs.
#pragma once

#include <string>

#include "host/plugins/NodeInvoker.hpp"

namespace orchestra::api {

// A budget refusal is 402, a provider's overload or outage 503 (worth a retry), its refusal
// 502, bad input 422.
int statusForFailedCall(const plugins::NodeOutcome& outcome);

// {"detail": <the node's error>, "error_class": "transient" | ...}
std::string failedCallJson(const plugins::NodeOutcome& outcome);

}  // namespace orchestra::api
