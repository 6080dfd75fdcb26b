#include "host/api/ActivityRecorder.hpp"

#include "host/auth/http/RequestContext.hpp"

namespace orchestra::api {

void ActivityRecorder::record(const http::Request& request,
                              const workspaces::ActivityEntry& entry) const {
  log_.record(auth::requireCaller(request), client(request), entry);
}

auth::ClientInfo ActivityRecorder::client(const http::Request& request) const {
  return auth::clientInfo(request, addresses_);
}

}  // namespace orchestra::api
