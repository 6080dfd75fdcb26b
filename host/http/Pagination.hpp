// The plan's list contract in one place: `limit`/`offset` query parameters parsed and bounded
// once, and the `{"items": [...], "total": N, "limit": L, "offset": O}` envelope written once.
#pragma once

#include <cstdint>
#include <utility>

#include "host/http/JsonResponse.hpp"
#include "host/http/Request.hpp"

namespace orchestra::http {

struct PageRequest {
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct PageBounds {
  std::int64_t default_limit = 20;
  std::int64_t max_limit = 100;
  // Deep offsets make the database walk and drop rows; past this, clients should filter.
  std::int64_t max_offset = 1'000'000;
};

// `limit` in [1, max_limit] (default_limit when absent) and `offset` in [0, max_offset];
// anything else is an ApiError 422 with loc ["query", "limit"] or ["query", "offset"].
PageRequest parsePageRequest(const Request& request, const PageBounds& bounds = {});

// Writes the envelope; `write_item(json, item)` writes one element of `items`.
template <typename Items, typename WriteItem>
void writeList(text::JsonWriter& json, const Items& items, std::int64_t total,
               const PageRequest& page, WriteItem&& write_item) {
  json.beginObject().key("items").beginArray();
  for (const auto& item : items)
    write_item(json, item);
  json.endArray();
  json.field("total", total).field("limit", page.limit).field("offset", page.offset);
  json.endObject();
}

template <typename Items, typename WriteItem>
Response listResponse(const Items& items, std::int64_t total, const PageRequest& page,
                      WriteItem&& write_item) {
  text::JsonWriter json;
  writeList(json, items, total, page, std::forward<WriteItem>(write_item));
  return jsonResponse(200, std::move(json));
}

}  // namespace orchestra::http
