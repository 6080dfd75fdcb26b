#include "host/text/Sha256.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace orchestra::text {
namespace {

TEST(Sha256, MatchesTheStandardTestVectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, HashesAFileAsItsBytes) {
  const auto path = std::filesystem::temp_directory_path() / "orchestra-sha256-test.bin";
  {
    std::ofstream out(path, std::ios::binary);
    out << "abc";
  }
  EXPECT_EQ(sha256HexOfFile(path), sha256Hex("abc"));
  std::filesystem::remove(path);
  EXPECT_EQ(sha256HexOfFile(path), std::nullopt);
}

}  // namespace
}  // namespace orchestra::text
