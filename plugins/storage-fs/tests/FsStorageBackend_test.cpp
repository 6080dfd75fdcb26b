#include "FsStorageBackend.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>
#include <vector>

#include "StorageHarness.hpp"

namespace orchestra::plugins::storage_fs {
namespace {

namespace fs = std::filesystem;
using sdk::ErrorClass;
using sdk::Json;

std::string patternedBytes(size_t size, unsigned seed) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<char>((i * 131 + seed * 7) % 251);
  return bytes;
}

// Names left in a folder by the backend itself (temporary uploads).
size_t reservedEntries(const fs::path& folder) {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.path().filename().string().rfind(".orc-", 0) == 0) ++count;
  }
  return count;
}

class FsStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = folder_.path() / "root";
    StorageOutcome created =
        storage_.create(R"({"root":")" + root_.string() + R"(","fsync":true})");
    ASSERT_TRUE(created.ok()) << created.message;
  }

  TempFolder folder_;
  fs::path root_;
  StorageHarness storage_;
};

TEST_F(FsStorageTest, RootIsCreatedWhenMissing) {
  EXPECT_TRUE(fs::is_directory(root_));
}

TEST_F(FsStorageTest, RoundTripStreamsInChunks) {
  std::string bytes = patternedBytes(300 * 1024 + 17, 1);
  StorageOutcome put = storage_.put("workspace/abc/report.pdf", bytes, "application/pdf", 1000);
  ASSERT_TRUE(put.ok()) << put.message;
  Json stat = put.json();
  EXPECT_EQ(*stat.find("key"), Json("workspace/abc/report.pdf"));
  EXPECT_EQ(*stat.find("size_bytes"), Json(static_cast<int64_t>(bytes.size())));
  EXPECT_EQ(*stat.find("content_type"), Json("application/pdf"));
  EXPECT_TRUE(stat.contains("etag"));
  EXPECT_GT(stat.find("modified_unix_ms")->asInt(), 1'600'000'000'000);

  StorageOutcome got = storage_.get("workspace/abc/report.pdf");
  ASSERT_TRUE(got.ok()) << got.message;
  EXPECT_TRUE(got.bytes == bytes);
  EXPECT_EQ(got.json(), stat);
  EXPECT_EQ(storage_.stat("workspace/abc/report.pdf").json(), stat);
  // The object is a plain file under the root.
  EXPECT_EQ(fs::file_size(root_ / "workspace/abc/report.pdf"), bytes.size());
  EXPECT_EQ(reservedEntries(root_), 0u);
  EXPECT_EQ(storage_.host.liveBuffers(), 0u);
}

TEST_F(FsStorageTest, EmptyObjectsAndMissingContentType) {
  ASSERT_TRUE(storage_.put("empty", "").ok());
  StorageOutcome got = storage_.get("empty");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.bytes, "");
  EXPECT_FALSE(got.json().contains("content_type"));
}

TEST_F(FsStorageTest, RangesDeliverTheRequestedBytes) {
  std::string bytes = patternedBytes(200 * 1024, 2);
  ASSERT_TRUE(storage_.put("big.bin", bytes).ok());
  EXPECT_EQ(storage_.get("big.bin", 10, 5).bytes, bytes.substr(10, 5));
  EXPECT_TRUE(storage_.get("big.bin", 70000, 100000).bytes == bytes.substr(70000, 100000));
  EXPECT_TRUE(storage_.get("big.bin", 150000).bytes == bytes.substr(150000));
  EXPECT_TRUE(storage_.get("big.bin", 150000, 999999).bytes == bytes.substr(150000));
  StorageOutcome at_end = storage_.get("big.bin", static_cast<int64_t>(bytes.size()));
  EXPECT_TRUE(at_end.ok());
  EXPECT_EQ(at_end.bytes, "");
  EXPECT_EQ(storage_.get("big.bin", 0, 0).bytes, "");
  EXPECT_EQ(storage_.get("big.bin", static_cast<int64_t>(bytes.size()) + 1).status,
            ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(storage_.get("big.bin", -1).status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(storage_.get("big.bin", 0, -2).status, ORC_ERR_INVALID_ARGUMENT);
}

TEST_F(FsStorageTest, MissingObjectsAreNotFound) {
  EXPECT_EQ(storage_.get("nope").status, ORC_ERR_NOT_FOUND);
  EXPECT_EQ(storage_.stat("no/such/folder/file").status, ORC_ERR_NOT_FOUND);
  ASSERT_TRUE(storage_.put("folder/file", "x").ok());
  EXPECT_EQ(storage_.stat("folder").status, ORC_ERR_NOT_FOUND);  // a folder is not an object
}

TEST_F(FsStorageTest, TraversalAndMalformedKeysAreRefused) {
  fs::create_directories(folder_.path() / "outside");
  for (std::string_view key : std::initializer_list<std::string_view>{
           "../outside/x", "a/../../outside/x", "/etc/passwd", "a\\..\\b",
           std::string_view("a\0b", 3), "", "a//b", "a/", "./a", "a/./b", "..", ".orc-tmp-1234",
           "a/.orc-meta", "tab\there"}) {
    StorageOutcome put = storage_.put(key, "evil");
    EXPECT_EQ(put.status, ORC_ERR_INVALID_ARGUMENT) << key;
    EXPECT_EQ(put.error_class, ErrorClass::Validation) << key;
    EXPECT_EQ(storage_.get(key).status, ORC_ERR_INVALID_ARGUMENT) << key;
    EXPECT_EQ(storage_.stat(key).status, ORC_ERR_INVALID_ARGUMENT) << key;
    EXPECT_EQ(storage_.remove(key).status, ORC_ERR_INVALID_ARGUMENT) << key;
  }
  EXPECT_TRUE(fs::is_empty(folder_.path() / "outside"));
  EXPECT_EQ(storage_.put(std::string(1025, 'a'), "x").status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(storage_.list("../").status, ORC_ERR_INVALID_ARGUMENT);
}

TEST_F(FsStorageTest, SymlinksCannotLeadOutOfTheRoot) {
  fs::path outside = folder_.path() / "outside";
  fs::create_directories(outside);
  std::ofstream(outside / "secret.txt") << "top secret";
  fs::create_directory_symlink(outside, root_ / "link");
  fs::create_symlink(outside / "secret.txt", root_ / "secret-link");

  StorageOutcome through_folder = storage_.put("link/planted.txt", "x");
  EXPECT_EQ(through_folder.status, ORC_ERR_PERMISSION_DENIED) << through_folder.message;
  EXPECT_FALSE(fs::exists(outside / "planted.txt"));
  EXPECT_EQ(storage_.get("link/secret.txt").status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_EQ(storage_.stat("link/secret.txt").status, ORC_ERR_PERMISSION_DENIED);
  StorageOutcome through_file = storage_.get("secret-link");
  EXPECT_FALSE(through_file.ok());
  EXPECT_EQ(through_file.bytes, "");
  // Overwriting the link replaces the link itself, never the file it points at.
  ASSERT_TRUE(storage_.put("secret-link", "replaced").ok());
  EXPECT_EQ(storage_.get("secret-link").bytes, "replaced");
  std::ifstream kept(outside / "secret.txt");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "top secret");
  // Listing does not descend into links either.
  Json listed = storage_.list("").json();
  for (const Json& item : listed.find("items")->asArray()) {
    EXPECT_NE(item.find("key")->asString().rfind("link/", 0), 0u);
  }
}

TEST_F(FsStorageTest, ConcurrentWritersLeaveOneCompleteObject) {
  constexpr int kWriters = 8;
  constexpr size_t kSize = 256 * 1024;
  std::vector<std::string> versions;
  for (int i = 0; i < kWriters; ++i)
    versions.push_back(std::string(kSize, static_cast<char>('a' + i)));
  std::vector<std::thread> writers;
  std::vector<orc_status> statuses(kWriters, ORC_ERR_INTERNAL);
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      statuses[static_cast<size_t>(i)] =
          storage_.put("shared/key.bin", versions[static_cast<size_t>(i)], "text/plain", 1024)
              .status;
    });
  }
  for (std::thread& writer : writers)
    writer.join();
  for (orc_status status : statuses)
    EXPECT_EQ(status, ORC_OK);

  StorageOutcome got = storage_.get("shared/key.bin");
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got.bytes.size(), kSize);
  EXPECT_EQ(got.bytes.find_first_not_of(got.bytes[0]), std::string::npos) << "mixed writes";
  EXPECT_EQ(reservedEntries(root_), 0u);
}

TEST_F(FsStorageTest, AFailedUploadLeavesTheOldObjectAndNoDebris) {
  ASSERT_TRUE(storage_.put("doc.txt", "version one", "text/plain").ok());
  StorageOutcome failed =
      storage_.put("doc.txt", patternedBytes(100000, 3), "text/plain", 1000, 50000);
  EXPECT_EQ(failed.status, ORC_ERR_UNAVAILABLE);
  EXPECT_EQ(storage_.get("doc.txt").bytes, "version one");
  EXPECT_EQ(storage_.put("new.txt", "abc", "", 1, 2).status, ORC_ERR_UNAVAILABLE);
  EXPECT_EQ(storage_.stat("new.txt").status, ORC_ERR_NOT_FOUND);
  EXPECT_EQ(reservedEntries(root_), 0u);
}

TEST_F(FsStorageTest, DeleteIsIdempotent) {
  EXPECT_TRUE(storage_.remove("never/existed").ok());
  ASSERT_TRUE(storage_.put("tmp/file", "x").ok());
  EXPECT_TRUE(storage_.remove("tmp/file").ok());
  EXPECT_TRUE(storage_.remove("tmp/file").ok());
  EXPECT_EQ(storage_.stat("tmp/file").status, ORC_ERR_NOT_FOUND);
}

TEST_F(FsStorageTest, ListFindsObjectsByKeyPrefix) {
  for (const char* key : {"a/b/1", "a/b/2", "a/bc", "a/c/d/e", "z"}) {
    ASSERT_TRUE(storage_.put(key, key).ok());
  }
  std::ofstream(root_ / "a" / ".orc-tmp-leftover") << "debris";
  auto keys = [&](std::string_view prefix) {
    std::vector<std::string> found;
    StorageOutcome listed = storage_.list(prefix);
    EXPECT_TRUE(listed.ok()) << listed.message;
    Json items = listed.json();
    for (const Json& item : items.find("items")->asArray())
      found.push_back(item.find("key")->asString());
    return found;
  };
  EXPECT_EQ(keys("a/b/"), (std::vector<std::string>{"a/b/1", "a/b/2"}));
  EXPECT_EQ(keys("a/b"), (std::vector<std::string>{"a/b/1", "a/b/2", "a/bc"}));
  EXPECT_EQ(keys(""), (std::vector<std::string>{"a/b/1", "a/b/2", "a/bc", "a/c/d/e", "z"}));
  EXPECT_EQ(keys("a/c/d/e"), (std::vector<std::string>{"a/c/d/e"}));
  EXPECT_TRUE(keys("missing/").empty());
}

TEST_F(FsStorageTest, MaxObjectBytesIsEnforced) {
  StorageHarness limited;
  ASSERT_TRUE(limited
                  .create(R"({"root":")" + (folder_.path() / "limited").string() +
                          R"(","max_object_bytes":10})")
                  .ok());
  EXPECT_TRUE(limited.put("small", "0123456789").ok());
  EXPECT_EQ(limited.put("large", "0123456789X").status, ORC_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(limited.stat("large").status, ORC_ERR_NOT_FOUND);
}

TEST(FsStorageConfig, BadConfigIsRefused) {
  TempFolder folder;
  std::ofstream(folder.path() / "a-file") << "x";
  for (std::string config :
       {std::string("{}"), std::string(R"({"root":""})"),
        std::string(R"({"root":"/tmp","colour":"blue"})"),
        std::string(R"({"root":")") + (folder.path() / "a-file").string() + "\"}",
        std::string(R"({"root":"/tmp","fsync":"yes"})"),
        // Not silently 1: asInt refuses a fraction.
        std::string(R"({"root":"/tmp","max_object_bytes":1.5})"),
        std::string(R"({"root":"/tmp","max_object_bytes":0})")}) {
    StorageHarness storage;
    StorageOutcome created = storage.create(config);
    EXPECT_FALSE(created.ok()) << config;
    EXPECT_EQ(created.error_class, ErrorClass::Validation) << config << ": " << created.message;
  }
}

}  // namespace
}  // namespace orchestra::plugins::storage_fs
