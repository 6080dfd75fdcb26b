#include "host/text/Sha256.hpp"

#include <Poco/DigestStream.h>
#include <Poco/SHA2Engine.h>

#include <fstream>

namespace orchestra::text {

std::string sha256Hex(std::string_view bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::optional<std::string> sha256HexOfFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  Poco::DigestOutputStream digest(engine);
  digest << in.rdbuf();
  digest.close();
  return Poco::DigestEngine::digestToHex(engine.digest());
}

}  // namespace orchestra::text
