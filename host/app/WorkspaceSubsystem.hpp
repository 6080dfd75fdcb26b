// Builds the workspaces service (members, roles, ownership, deletion), invitations and the
// activity log over
// the store, after auth (its mail provider; its session cache, which a role change clears) and
// the event bus.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <memory>

#include "host/app/HostContext.hpp"
#include "host/auth/AuthServices.hpp"
#include "host/workspaces/ActivityLog.hpp"
#include "host/workspaces/InvitationService.hpp"
#include "host/workspaces/WorkspaceService.hpp"

namespace orchestra::app {

class WorkspaceSubsystem final : public Poco::Util::Subsystem {
 public:
  explicit WorkspaceSubsystem(HostContext& context) : context_(context) {}
  ~WorkspaceSubsystem() override = default;

  const char* name() const override { return "workspaces"; }

 protected:
  void initialize(Poco::Util::Application&) override {
    auth::SessionService& sessions = context_.auth.get().sessions();
    service_ = std::make_unique<workspaces::WorkspaceService>(
        context_.database.get(), &context_.events.get(),
        [&sessions](const std::string& user_id) { sessions.forgetMemberships(user_id); });
    activity_ = std::make_unique<workspaces::ActivityLog>(context_.database.get());
    const config::CollaborationSettings& settings = context_.config.collaboration;
    invitations_ = std::make_unique<workspaces::InvitationService>(
        context_.database.get(), context_.auth.get().email(), &context_.events.get(),
        workspaces::InvitationSettings{settings.studio_url,
                                       std::chrono::hours(settings.invitation_ttl_hours)},
        [&sessions](const std::string& user_id) { sessions.forgetMemberships(user_id); });
    context_.workspaces.publish(*service_);
    context_.activity.publish(*activity_);
    context_.invitations.publish(*invitations_);
  }
  void uninitialize() override {
    context_.invitations.withdraw();
    context_.activity.withdraw();
    context_.workspaces.withdraw();
    invitations_.reset();
    activity_.reset();
    service_.reset();
  }

 private:
  HostContext& context_;
  std::unique_ptr<workspaces::WorkspaceService> service_;
  std::unique_ptr<workspaces::ActivityLog> activity_;
  std::unique_ptr<workspaces::InvitationService> invitations_;
};

}  // namespace orchestra::app
