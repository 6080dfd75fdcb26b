#include "host/workspaces/CollaborationEvents.hpp"

#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::workspaces {

void publishCollaborationEvent(bus::EventBus* events, const std::string& workspace_id,
                               const char* type, const std::string& data_json) {
  if (events == nullptr) return;
  text::JsonWriter event;
  event.beginObject()
      .field("type", type)
      .key("execution_id")
      .null()
      .key("node_id")
      .null()
      .key("status")
      .null()
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .rawValue(data_json)
      .endObject();
  events->publish({"workspace:" + workspace_id + ":collaboration", std::move(event).finish()});
}

std::string memberEventData(const std::string& user_id, const std::string& role) {
  text::JsonWriter json;
  json.beginObject().field("user_id", user_id).field("role", role).endObject();
  return std::move(json).finish();
}

}  // namespace orchestra::workspaces
