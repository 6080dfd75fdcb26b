#include "host/app/HttpSubsystem.hpp"

#include "host/api/ActivityApi.hpp"
#include "host/api/AgentsApi.hpp"
#include "host/api/ApiKeysApi.hpp"
#include "host/api/AuthApi.hpp"
#include "host/api/EventsApi.hpp"
#include "host/api/ExecutionCommandsApi.hpp"
#include "host/api/ExecutionsApi.hpp"
#include "host/api/HealthApi.hpp"
#include "host/api/HooksApi.hpp"
#include "host/api/InvitationsApi.hpp"
#include "host/api/McpApi.hpp"
#include "host/api/McpEndpointApi.hpp"
#include "host/api/PluginsApi.hpp"
#include "host/api/RealtimeApi.hpp"
#include "host/api/SecretsApi.hpp"
#include "host/api/StoreFailureResponses.hpp"
#include "host/api/SystemApi.hpp"
#include "host/api/ToolsApi.hpp"
#include "host/api/UsageApi.hpp"
#include "host/api/WorkflowsApi.hpp"
#include "host/api/WorkspacesApi.hpp"
#include "host/auth/AuthServices.hpp"
#include "host/auth/http/AuthMiddleware.hpp"
#include "host/http/CorsMiddleware.hpp"
#include "host/http/RequestIdMiddleware.hpp"
#include "host/http/SecurityHeadersMiddleware.hpp"
#include "host/observability/Logger.hpp"
#include "host/plugins/AiGateway.hpp"
#include "host/secrets/SecretService.hpp"
#include "host/ws/Frame.hpp"
#include "host/ws/Hub.hpp"

namespace orchestra::app {

HttpSubsystem::HttpSubsystem(HostContext& context) : context_(context) {}

HttpSubsystem::~HttpSubsystem() = default;

void HttpSubsystem::registerRoutes() {
  api::registerHealthRoutes(*router_, context_.readiness);
  api::registerMetricsRoute(*router_, context_.metrics.get(),
                            context_.config.observability.metrics_token);
  activity_ = std::make_unique<api::ActivityRecorder>(context_.activity.get(),
                                                      context_.auth.get().addresses());
  api::registerAuthRoutes(*router_, context_.auth.get(), *activity_);
  api::registerPluginRoutes(*router_, context_.plugins.get());
  api::registerWorkspaceRoutes(*router_, context_.workspaces.get(), *activity_);
  api::registerApiKeyRoutes(*router_, context_.auth.get().apiKeys(), *activity_);
  api::registerInvitationRoutes(*router_, context_.invitations.get(), *activity_);
  api::registerActivityRoutes(*router_, context_.activity.get());
  api::registerWorkflowRoutes(*router_, context_.workflows.get(), *activity_);
  api::registerAgentRoutes(*router_, context_.agents.get(), *activity_,
                           {&context_.plugins.get(), &context_.ai.get(), &context_.secrets.get()});
  api::registerSecretRoutes(*router_, context_.secrets.get(), *activity_);
  api::registerMcpRoutes(*router_, context_.mcp.get(), *activity_);
  api::registerExecutionCommandRoutes(*router_, context_.runtime.get(), context_.workflows.get(),
                                      *activity_);
  api::registerToolRoutes(*router_, context_.plugins.get(), context_.ai.get(),
                          &context_.secrets.get());
  api::registerWebToolRoutes(*router_, context_.plugins.get(), &context_.secrets.get(),
                             context_.config.web_tools);
  api::registerUsageRoutes(*router_, context_.ai.get(), *activity_);
  api::registerHookRoutes(*router_, context_.runtime.get(), context_.database.get());
  api::registerMcpEndpointRoutes(*router_, context_.runtime.get(), context_.database.get(),
                                 context_.events.get(), *activity_);
  api::registerEventRoutes(*router_, context_.event_triggers.get(), *activity_);
  api::registerExecutionRoutes(*router_, context_.executions.get());
  api::registerRealtimeRoutes(*router_, context_.realtime.get(), context_.presence.get(),
                              context_.executions.get(),
                              context_.config.server.cors.allowed_origins);
  // Last: the OpenAPI document describes every route registered before it.
  api::registerOpenApiRoute(*router_, ORCHESTRA_VERSION);
}

void HttpSubsystem::initialize(Poco::Util::Application&) {
  const config::ServerSettings& settings = context_.config.server;
  router_ = std::make_unique<http::Router>();
  registerRoutes();

  std::vector<std::unique_ptr<http::Middleware>> middlewares;
  middlewares.push_back(std::make_unique<http::RequestIdMiddleware>());
  middlewares.push_back(std::make_unique<http::CorsMiddleware>(settings.cors));
  middlewares.push_back(std::make_unique<http::SecurityHeadersMiddleware>());
  for (auto& middleware : auth::makeAuthMiddlewares(context_.auth.get()))
    middlewares.push_back(std::move(middleware));

  request_metrics_ = std::make_unique<observability::HttpRequestMetrics>(context_.metrics.get());
  http::DispatcherOptions options;
  options.body_limits.max_bytes = settings.body_limit_bytes;
  options.body_limits.max_duration = std::chrono::milliseconds(settings.request_timeout_ms);
  options.json_limits.max_values = static_cast<std::size_t>(settings.json.max_values);
  options.json_limits.max_depth = static_cast<std::size_t>(settings.json.max_depth);
  options.json_in_flight_budget_bytes = settings.json.in_flight_budget_bytes;
  options.access_log = context_.config.log.access_log;
  options.translate_exception = api::apiErrorForStoreFailure;
  dispatcher_ = std::make_unique<http::RequestDispatcher>(*router_, std::move(middlewares),
                                                          *request_metrics_, options);
  server_ = std::make_unique<http::HttpServer>(settings, *dispatcher_);
  server_->start();
  observability::logInfo("http", "listening",
                         {{"host", settings.host},
                          {"port", static_cast<std::int64_t>(server_->port())},
                          {"threads", static_cast<std::int64_t>(settings.threads)}});
}

void HttpSubsystem::uninitialize() {
  if (!server_) return;
  observability::logInfo(
      "http", "stopping; draining in-flight requests",
      {{"grace_ms", static_cast<std::int64_t>(context_.config.server.shutdown_timeout_ms)}});
  // WebSocket clients hear why the socket goes (1001) and reconnect elsewhere.
  context_.realtime.get().closeAll(ws::close_code::kGoingAway, "Server shutting down");
  server_->stop(std::chrono::milliseconds(context_.config.server.shutdown_timeout_ms));
  server_.reset();
  dispatcher_.reset();
  observability::logInfo("http", "stopped");
}

}  // namespace orchestra::app
