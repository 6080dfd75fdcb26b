// SHA-256 digests in lowercase hex, the one way the host fingerprints bytes: migration checksums,
// plugin file pins, stored token hashes. Poco's SHA2Engine computes them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::text {

// 64 lowercase hex digits.
std::string sha256Hex(std::string_view bytes);

// The digest of a file's contents, read in a stream (plugins may be large); nullopt when the
// file cannot be opened.
std::optional<std::string> sha256HexOfFile(const std::filesystem::path& path);

}  // namespace orchestra::text
