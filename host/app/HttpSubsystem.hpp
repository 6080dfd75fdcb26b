// Starts the HTTP listener last (after persistence and plugins), with every API area's routes,
// and stops it first on shutdown, draining in-flight requests.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/api/ActivityRecorder.hpp"
#include "host/app/HostContext.hpp"
#include "host/http/HttpServer.hpp"
#include "host/http/RequestDispatcher.hpp"
#include "host/http/Router.hpp"
#include "host/observability/HttpRequestMetrics.hpp"

namespace orchestra::app {

class HttpSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit HttpSubsystem(HostContext& context);
  ~HttpSubsystem() override;

  const char* name() const override { return "http"; }
  std::uint16_t port() const { return server_ ? server_->port() : 0; }

 protected:
  void initialize(Poco::Util::Application& app) override;
  void uninitialize() override;

 private:
  void registerRoutes();

  HostContext& context_;
  // Before the router: its handlers hold a reference to it.
  std::unique_ptr<api::ActivityRecorder> activity_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<observability::HttpRequestMetrics> request_metrics_;
  std::unique_ptr<http::RequestDispatcher> dispatcher_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace orchestra::app
