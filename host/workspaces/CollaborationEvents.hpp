// Publishes a workspace change on its collaboration channel (workspace:<id>:collaboration, the
// /ws/collaboration/{workspace_id} socket) in the plan's message shape.
#pragma once

#include <string>

#include "host/bus/EventBus.hpp"

namespace orchestra::workspaces {

// `data_json` is the message's data object; nothing is published without a bus.
void publishCollaborationEvent(bus::EventBus* events, const std::string& workspace_id,
                               const char* type, const std::string& data_json);

// {"user_id": ..., "role": ...}: the data of member_joined / member_left / member_role_changed.
std::string memberEventData(const std::string& user_id, const std::string& role);

}  // namespace orchestra::workspaces
