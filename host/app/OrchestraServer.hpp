// `orchestra serve`: a Poco ServerApplication with one Subsystem per concern, initialised in
// dependency order (persistence → HTTP last) and torn down in reverse on SIGTERM/SIGINT.
#pragma once

#include <Poco/Util/ServerApplication.h>

#include "host/app/HostContext.hpp"

namespace orchestra::app {

class OrchestraServer final : public Poco::Util::ServerApplication {
 public:
  explicit OrchestraServer(config::Config config);

 protected:
  void initialize(Poco::Util::Application& self) override;
  void uninitialize() override;
  int main(const std::vector<std::string>& args) override;

 private:
  HostContext context_;
};

}  // namespace orchestra::app
