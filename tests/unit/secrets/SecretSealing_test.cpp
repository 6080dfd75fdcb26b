// Sealing as the store uses it: a value only opens on its own row, a data key only in its own
// workspace and under the master key that wrapped it, and each refusal says which and why.
#include "host/secrets/SecretSealing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "host/config/ConfigError.hpp"

namespace orchestra::secrets {
namespace {

using ::testing::HasSubstr;

MasterKey masterOf(char fill) {
  return MasterKey::parse("TEST_KEY", base64Encode(std::string(32, fill)));
}

store::SecretRow rowOf(const std::string& workspace, const std::string& id,
                       const std::string& name) {
  store::SecretRow row;
  row.workspace_id = workspace;
  row.id = id;
  row.name = name;
  return row;
}

template <typename Fn>
std::string refusal(Fn&& fn) {
  try {
    fn();
  } catch (const SecretUnreadable& error) {
    return error.what();
  }
  return "accepted";
}

TEST(SecretSealing, AValueOpensOnlyOnItsOwnRow) {
  const KeyBytes data_key = KeyBytes::random();
  store::SecretRow first = rowOf("w1", "id-1", "API_KEY");
  store::SecretRow second = rowOf("w1", "id-2", "OTHER_KEY");
  first.sealed = sealValue(data_key, first, "value one");
  second.sealed = sealValue(data_key, second, "value two");
  EXPECT_EQ(openValue(data_key, first), "value one");
  EXPECT_EQ(openValue(data_key, second), "value two");
  // Swapped sealed values, a renamed row, a row moved to another workspace: all refused.
  std::swap(first.sealed, second.sealed);
  EXPECT_THAT(refusal([&] { openValue(data_key, first); }),
              HasSubstr("secret 'API_KEY' cannot be decrypted: its stored value was altered or "
                        "belongs to another row"));
  EXPECT_NE(refusal([&] { openValue(data_key, second); }), "accepted");
  std::swap(first.sealed, second.sealed);
  store::SecretRow renamed = first;
  renamed.name = "RENAMED";
  EXPECT_NE(refusal([&] { openValue(data_key, renamed); }), "accepted");
  store::SecretRow moved = first;
  moved.workspace_id = "w2";
  EXPECT_NE(refusal([&] { openValue(data_key, moved); }), "accepted");
  store::SecretRow garbage = first;
  garbage.sealed.ciphertext = "not base64!";
  EXPECT_NE(refusal([&] { openValue(data_key, garbage); }), "accepted");
  EXPECT_NE(refusal([&] { openValue(KeyBytes::random(), first); }), "accepted");
}

TEST(SecretSealing, ADataKeyOpensOnlyInItsWorkspaceUnderItsMasterKey) {
  const MasterKey master = masterOf('m');
  const KeyBytes data_key = KeyBytes::random();
  store::WorkspaceKeyRow row = wrapDataKey(master, data_key, "w1");
  EXPECT_EQ(row.master_key_id, master.id());
  EXPECT_EQ(row.wrapped_key.ciphertext.find(base64Encode(data_key.view())), std::string::npos);
  EXPECT_EQ(unwrapDataKey(master, row).view(), data_key.view());

  const MasterKey other = masterOf('o');
  EXPECT_THAT(refusal([&] { unwrapDataKey(other, row); }),
              HasSubstr("are sealed under master key " + master.id() +
                        ", not the configured one (" + other.id() + ")"));
  store::WorkspaceKeyRow moved = row;
  moved.workspace_id = "w2";
  EXPECT_THAT(
      refusal([&] { unwrapDataKey(master, moved); }),
      HasSubstr("the data key of workspace w2 was altered or belongs to another workspace"));
  store::WorkspaceKeyRow forged = row;
  forged.master_key_id = other.id();  // claims the other key: still does not open with it
  EXPECT_NE(refusal([&] { unwrapDataKey(other, forged); }), "accepted");
}

TEST(MasterKey, IsBase64OfExactly32BytesAndNamedByAFingerprint) {
  const MasterKey key = masterOf('k');
  EXPECT_EQ(key.key().view(), std::string(32, 'k'));
  EXPECT_EQ(key.id().size(), 16U);
  EXPECT_EQ(masterOf('k').id(), key.id());
  EXPECT_NE(masterOf('j').id(), key.id());
  EXPECT_EQ(MasterKey::parse("V", " " + base64Encode(std::string(32, 'k')) + "\n").id(), key.id());
  for (const std::string& bad : {std::string(""), base64Encode(std::string(31, 'k')),
                                 base64Encode(std::string(33, 'k')), std::string(44, '*')}) {
    try {
      MasterKey::parse("ORCHESTRA_MASTER_KEY", bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const config::ConfigError& error) {
      EXPECT_STREQ(error.what(),
                   "ORCHESTRA_MASTER_KEY: the master key must be the base64 of exactly 32 random "
                   "bytes (e.g. `openssl rand -base64 32`)");
    }
  }
}

}  // namespace
}  // namespace orchestra::secrets
