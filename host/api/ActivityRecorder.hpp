// How a route handler puts its change in the activity log: the caller, the client's address and
// User-Agent come from the request, the rest from the handler. One recorder serves every area.
#pragma once

#include "host/auth/ClientAddress.hpp"
#include "host/http/Request.hpp"
#include "host/workspaces/ActivityLog.hpp"

namespace orchestra::api {

class ActivityRecorder {
 public:
  ActivityRecorder(workspaces::ActivityLog& log, const auth::ClientAddressResolver& addresses)
      : log_(log), addresses_(addresses) {}

  // After the change committed (the area's repository commits on its own): one row.
  void record(const http::Request& request, const workspaces::ActivityEntry& entry) const;
  auth::ClientInfo client(const http::Request& request) const;

  workspaces::ActivityLog& log() const { return log_; }

 private:
  workspaces::ActivityLog& log_;
  const auth::ClientAddressResolver& addresses_;
};

}  // namespace orchestra::api
