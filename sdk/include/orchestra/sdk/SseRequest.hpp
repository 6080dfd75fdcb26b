// An HTTP request whose answer is a Server-Sent Events stream (AI providers): the events reach
// a handler as their bytes arrive, and a cancelled execution stops the stream.
#pragma once

#include <cstddef>

#include "orchestra/abi.h"
#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/SseParser.hpp"

namespace orchestra::sdk {

// Sends `request` through the host and feeds its body to `on_event`, event by event. The
// response comes back with its status and headers, and with the body's first `keep_bytes`
// bytes: an error status (known only once the body is read) explains itself in them. Throws
// Error::cancelled() once `exec` is cancelled, and whatever on_event throws.
inline HttpResponse requestServerSentEvents(const HostApi& host, const HttpRequest& request,
                                            orc_exec* exec, const SseParser::Handler& on_event,
                                            std::size_t keep_bytes = 1200) {
  std::string first_bytes;
  SseParser events(on_event);
  const orc_host_api& api = host.raw();
  HttpResponse response = host.httpRequestStreaming(
      request,
      [&](std::string_view bytes) {
        if (exec != nullptr && api.host_exec_is_cancelled != nullptr &&
            api.host_exec_is_cancelled(api.host, exec)) {
          throw Error::cancelled();
        }
        if (first_bytes.size() < keep_bytes) first_bytes.append(bytes);
        events.feed(bytes);
      },
      exec);
  response.body = std::move(first_bytes);
  return response;
}

}  // namespace orchestra::sdk
