// `orchestra serve`: a Poco ServerApplication with one Subsystem per concern, initialised in
// dependency order (persistence → HTTP last) and torn down in reverse on SIGTERM/SIGINT.
#pragma once

#include <Poco/Util/ServerApplication.h>

#include "host/app/HostContext.hpp"

namespace orchestra::app {

class OrchestraServer final : public Poco::Util::ServerApplication {
 public:
  explicit OrchestraServer(config::Config config);

  // Exit status after run(): 0, or 70 when start-up failed (the reason is already logged).
  bool startupFailed() const { return startup_failed_; }

 protected:
  void initialize(Poco::Util::Application& self) override;
  void uninitialize() override;
  int main(const std::vector<std::string>& args) override;

 private:
  HostContext context_;
  bool startup_failed_ = false;
};

}  // namespace orchestra::app
