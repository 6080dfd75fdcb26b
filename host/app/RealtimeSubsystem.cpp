#include "host/app/RealtimeSubsystem.hpp"

#include <algorithm>

#include "host/auth/AuthServices.hpp"
#include "host/auth/Policy.hpp"

namespace orchestra::app {

RealtimeSubsystem::~RealtimeSubsystem() = default;

void RealtimeSubsystem::initialize(Poco::Util::Application&) {
  auth::SessionService& sessions = context_.auth.get().sessions();
  hub_ = std::make_unique<ws::Hub>(
      context_.events.get(), context_.config.websocket,
      [&sessions](const std::string& token, const std::vector<std::string>& workspace_ids) {
        const auto caller = sessions.authenticate(token);
        if (!caller) return false;
        return std::all_of(workspace_ids.begin(), workspace_ids.end(), [&](const auto& id) {
          return auth::mayPerform(*caller, id, auth::Action::ViewWorkspace);
        });
      },
      context_.metrics.get());
  presence_ = std::make_unique<ws::PresenceBoard>(
      context_.events.get(), std::chrono::milliseconds(context_.config.websocket.presence_ttl_ms));
  context_.realtime.publish(*hub_);
  context_.presence.publish(*presence_);
}

void RealtimeSubsystem::uninitialize() {
  context_.presence.withdraw();
  context_.realtime.withdraw();
  presence_.reset();
  hub_.reset();
}

}  // namespace orchestra::app
