// Poco's server session with its buffered reads made reachable, so that request bodies are read
// by our own strict parser (BodyReader) instead of Poco's lenient chunked stream.
#pragma once

#include <Poco/Net/HTTPServerSession.h>

namespace orchestra::http {

class ConnectionSession final : public Poco::Net::HTTPServerSession {
 public:
  using Poco::Net::HTTPServerSession::HTTPServerSession;

  // Up to `length` bytes (at least one) from the session buffer or the socket; 0 at end of
  // stream. Throws Poco::TimeoutException after the receive timeout.
  int readSome(char* buffer, int length) { return read(buffer, length); }
  // One byte, or -1 at end of stream.
  int readByte() { return get(); }
};

}  // namespace orchestra::http
