#include "host/mcp/McpSupervisor.hpp"

#include <algorithm>
#include <chrono>

#include "host/observability/Logger.hpp"
#include "host/plugins/SteadyMs.hpp"

namespace orchestra::mcp {

using plugins::steadyMs;

namespace {

constexpr std::string_view kLogger = "mcp";

std::int64_t unixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view stateName(McpServerState state) {
  switch (state) {
    case McpServerState::Connected:
      return "connected";
    case McpServerState::Failed:
      return "error";
    case McpServerState::Disconnected:
      break;
  }
  return "disconnected";
}

// Everything but `definition` and `connect_mutex` is guarded by the supervisor's mutex_.
struct McpSupervisor::Server {
  explicit Server(McpServerDefinition server_definition)
      : definition(std::move(server_definition)) {}

  const McpServerDefinition definition;
  std::mutex connect_mutex;  // one connection attempt at a time: concurrent callers share it
  std::shared_ptr<McpSession> session;
  McpServerStatus status;
  bool wanted = false;  // someone connected or called: restart it after a failure
  std::uint32_t backoff_ms = 0;
  std::int64_t next_restart_ms = 0;
  std::int64_t last_used_ms = 0;
  int calls_in_flight = 0;  // a session is never idle while one of its calls runs
  std::int64_t last_ping_ms = 0;
  std::string tools_json;
  bool tools_stale = true;
};

McpSupervisor::McpSupervisor(const plugins::PluginRegistry& registry,
                             McpSupervisorSettings settings)
    : registry_(registry), settings_(settings) {
  thread_ = std::thread([this] { superviseLoop(); });
}

McpSupervisor::~McpSupervisor() {
  std::vector<std::shared_ptr<McpSession>> sessions;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, server] : servers_) {
      if (server->session) sessions.push_back(std::move(server->session));
    }
  }
  wakeup_.notify_all();
  thread_.join();
  for (const auto& session : sessions)
    session->close("the host is stopping");
}

void McpSupervisor::define(McpServerDefinition definition) {
  std::shared_ptr<McpSession> replaced;
  {
    std::lock_guard lock(mutex_);
    auto& slot = servers_[definition.id];
    if (slot) replaced = std::move(slot->session);
    slot = std::make_shared<Server>(std::move(definition));
  }
  if (replaced) replaced->close("the server definition changed");
}

void McpSupervisor::remove(const std::string& id) {
  std::shared_ptr<McpSession> removed;
  {
    std::lock_guard lock(mutex_);
    const auto found = servers_.find(id);
    if (found == servers_.end()) return;
    removed = std::move(found->second->session);
    servers_.erase(found);
  }
  if (removed) removed->close("the server was removed");
}

std::shared_ptr<McpSupervisor::Server> McpSupervisor::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto found = servers_.find(id);
  if (found == servers_.end()) {
    throw McpError(McpFailure::Unavailable, "no MCP server with id \"" + id + "\"");
  }
  return found->second;
}

McpServerStatus McpSupervisor::connect(const std::string& id) {
  const auto server = find(id);
  sessionOf(server);
  std::lock_guard lock(mutex_);
  return server->status;
}

void McpSupervisor::disconnect(const std::string& id) {
  const auto server = find(id);
  std::shared_ptr<McpSession> session;
  {
    std::lock_guard lock(mutex_);
    session = std::move(server->session);
    server->wanted = false;
    server->status.state = McpServerState::Disconnected;
    server->status.error.clear();
  }
  if (session) session->close("disconnected");
}

McpServerStatus McpSupervisor::status(const std::string& id) const {
  const auto server = find(id);
  std::lock_guard lock(mutex_);
  return server->status;
}

void McpSupervisor::onToolsChanged(std::function<void(const std::string& id)> listener) {
  std::lock_guard lock(mutex_);
  tools_listener_ = std::move(listener);
}

std::shared_ptr<McpSession> McpSupervisor::sessionOf(const std::shared_ptr<Server>& server) {
  auto live = [&]() -> std::shared_ptr<McpSession> {
    std::lock_guard lock(mutex_);
    server->wanted = true;
    server->last_used_ms = steadyMs();
    if (server->session && server->session->alive()) return server->session;
    return nullptr;
  };
  if (auto session = live()) return session;
  std::lock_guard connecting(server->connect_mutex);
  if (auto session = live()) return session;  // another caller connected while we waited
  return open(server);
}

std::shared_ptr<McpSession> McpSupervisor::open(const std::shared_ptr<Server>& server) {
  const McpServerDefinition& definition = server->definition;
  try {
    const auto* transport = registry_.mcpTransports().find(definition.transport_id);
    if (transport == nullptr) {
      throw McpError(McpFailure::Unavailable,
                     "no MCP transport \"" + definition.transport_id + "\" is loaded");
    }
    auto created = plugins::McpTransportInstance::create(*transport, definition.config_json);
    if (const auto* refused = std::get_if<plugins::TransportAnswer>(&created)) {
      throw McpError(McpFailure::Unavailable, "MCP server \"" + definition.id +
                                                  "\": the transport refused: " + refused->text);
    }
    McpSessionOptions options;
    options.request_timeout_ms = settings_.request_timeout_ms;
    // Weak: the session (and its reader) must not keep a removed server alive.
    const std::weak_ptr<Server> weak = server;
    // A server may announce a change during the handshake (server-everything does, right after
    // notifications/initialized), before this server counts as connected: the listener, which
    // lists only connected servers' tools, hears of it once the session is installed below.
    struct Handshake {
      bool installed = false;  // under mutex_
      bool missed_change = false;
    };
    const auto handshake = std::make_shared<Handshake>();
    options.on_tools_list_changed = [this, weak, handshake] {
      const auto alive = weak.lock();
      if (!alive) return;
      std::function<void(const std::string&)> listener;
      {
        std::lock_guard lock(mutex_);
        alive->tools_stale = true;
        if (!handshake->installed) {
          handshake->missed_change = true;
          return;
        }
        listener = tools_listener_;
      }
      if (listener) listener(alive->definition.id);
    };
    options.on_closed = [this](const std::string&) { wakeup_.notify_all(); };
    auto session = std::make_shared<McpSession>(
        std::move(std::get<std::unique_ptr<plugins::McpTransportInstance>>(created)),
        std::move(options));
    std::function<void(const std::string&)> missed_listener;
    std::unique_lock lock(mutex_);
    handshake->installed = true;
    if (handshake->missed_change) missed_listener = tools_listener_;
    if (server->status.state == McpServerState::Failed) ++server->status.restarts;
    server->session = session;
    server->status.state = McpServerState::Connected;
    server->status.error.clear();
    server->status.last_seen_unix_ms = unixMs();
    server->status.protocol_version = session->protocolVersion();
    server->status.server_info_json = session->serverInfoJson();
    server->last_ping_ms = steadyMs();
    server->last_used_ms = steadyMs();  // connecting took time: the idle clock starts now
    server->tools_stale = true;
    lock.unlock();
    observability::logInfo(kLogger, "MCP server connected",
                           {{"server", definition.id}, {"protocol", session->protocolVersion()}});
    if (missed_listener) missed_listener(definition.id);
    return session;
  } catch (const McpError& error) {
    std::lock_guard lock(mutex_);
    fail(*server, error.what());
    throw;
  }
}

void McpSupervisor::fail(Server& server, const std::string& reason) {
  server.status.state = McpServerState::Failed;
  server.status.error = reason;
  server.backoff_ms = server.backoff_ms == 0
                          ? settings_.restart_initial_delay_ms
                          : std::min(server.backoff_ms * 2, settings_.restart_max_delay_ms);
  server.next_restart_ms = steadyMs() + server.backoff_ms;
  observability::logWarning(
      kLogger, "MCP server failed",
      {{"server", server.definition.id}, {"reason", reason}, {"retry_in_ms", server.backoff_ms}});
}

// Counts a call as running on its server for as long as it lives.
class McpSupervisor::CallInFlight {
 public:
  CallInFlight(McpSupervisor& supervisor, std::shared_ptr<Server> server)
      : supervisor_(supervisor), server_(std::move(server)) {
    std::lock_guard lock(supervisor_.mutex_);
    ++server_->calls_in_flight;
  }
  ~CallInFlight() {
    std::lock_guard lock(supervisor_.mutex_);
    --server_->calls_in_flight;
    server_->last_used_ms = steadyMs();
  }
  CallInFlight(const CallInFlight&) = delete;
  CallInFlight& operator=(const CallInFlight&) = delete;

 private:
  McpSupervisor& supervisor_;
  std::shared_ptr<Server> server_;
};

std::string McpSupervisor::tools(const std::string& id, bool refresh) {
  const auto server = find(id);
  const CallInFlight call(*this, server);
  const auto session = sessionOf(server);
  {
    std::lock_guard lock(mutex_);
    if (!refresh && !server->tools_stale && !server->tools_json.empty()) return server->tools_json;
    server->tools_stale = false;  // a list_changed arriving during the call marks it again
  }
  std::string listed = session->listTools();
  std::lock_guard lock(mutex_);
  server->tools_json = listed;
  server->status.last_seen_unix_ms = unixMs();
  return listed;
}

McpToolResult McpSupervisor::callTool(const std::string& id, const std::string& name,
                                      const std::string& arguments_json,
                                      const CallControl& control) {
  const auto server = find(id);
  const CallInFlight call(*this, server);
  const auto session = sessionOf(server);
  McpToolResult result = session->callTool(name, arguments_json, control);
  std::lock_guard lock(mutex_);
  server->status.last_seen_unix_ms = unixMs();
  return result;
}

void McpSupervisor::superviseLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wakeup_.wait_for(lock, std::chrono::milliseconds(settings_.tick_ms));
    if (stopping_) return;
    std::vector<std::shared_ptr<Server>> servers;
    servers.reserve(servers_.size());
    for (const auto& [id, server] : servers_)
      servers.push_back(server);
    lock.unlock();
    for (const auto& server : servers)
      supervise(server);
    lock.lock();
  }
}

void McpSupervisor::supervise(const std::shared_ptr<Server>& server) {
  const std::int64_t now = steadyMs();
  std::shared_ptr<McpSession> session;
  bool restart_due = false;
  bool idle = false;
  bool ping_due = false;
  {
    std::lock_guard lock(mutex_);
    session = server->session;
    if (session && !session->alive()) {
      server->session.reset();
      fail(*server, "the MCP server went away");
    } else if (session) {
      idle = settings_.idle_timeout_ms != 0 && server->calls_in_flight == 0 &&
             now - server->last_used_ms >= static_cast<std::int64_t>(settings_.idle_timeout_ms);
      ping_due =
          now - server->last_ping_ms >= static_cast<std::int64_t>(settings_.health_interval_ms);
      if (idle) {
        server->session.reset();
        server->status.state = McpServerState::Disconnected;
      } else if (ping_due) {
        server->last_ping_ms = now;
      }
    } else {
      restart_due = server->status.state == McpServerState::Failed && server->wanted &&
                    now >= server->next_restart_ms;
    }
  }
  if (session && !session->alive()) {
    session->close();  // reaps what is left of the process
    return;
  }
  if (session && idle) {
    observability::logInfo(kLogger, "MCP server idle: closing",
                           {{"server", server->definition.id}});
    session->close("closed after being idle");
    return;
  }
  if (session && ping_due) {
    try {
      session->ping(settings_.request_timeout_ms);
      std::lock_guard lock(mutex_);
      server->status.last_seen_unix_ms = unixMs();
      server->backoff_ms = 0;  // healthy again: the next failure starts the backoff afresh
    } catch (const McpError& error) {
      {
        std::lock_guard lock(mutex_);
        if (server->session == session) server->session.reset();
        fail(*server, std::string("health ping failed: ") + error.what());
      }
      session->close("health ping failed");
    }
    return;
  }
  if (restart_due) {
    std::unique_lock connecting(server->connect_mutex, std::try_to_lock);
    if (!connecting.owns_lock()) return;  // a caller is connecting right now
    try {
      open(server);
    } catch (const McpError&) {
      // open() recorded the failure and the next attempt's time.
    }
  }
}

}  // namespace orchestra::mcp
