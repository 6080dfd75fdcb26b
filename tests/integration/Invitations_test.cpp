// Invitations through a real SMTP server (Debian's aiosmtpd) on both databases: the mail that
// arrives carries the link whose token joins the workspace, once, for the invited address only,
// until it expires or is revoked; a second invitation renews the first; nobody invites above
// their own role.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <thread>

#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/TestDatabase.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;

// Quoted-printable as the host's mail parts use it: soft breaks and =3D.
std::string decodeQuotedPrintable(std::string text) {
  for (const char* soft : {"=\r\n", "=\n"}) {
    for (auto at = text.find(soft); at != std::string::npos; at = text.find(soft, at))
      text.erase(at, std::string(soft).size());
  }
  for (auto at = text.find("=3D"); at != std::string::npos; at = text.find("=3D", at + 1))
    text.replace(at, 3, "=");
  return text;
}

class Invitations : public ::testing::TestWithParam<store::DialectKind> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    HostOptions options;
    options.config_yaml =
        "server:\n  host: 127.0.0.1\n  port: 0\ndatabase:\n  url: " + database_->url() +
        "\nauth:\n  jwt_secret: " + kTestJwtSecret +
        "\nemail:\n  provider: smtp\n  from: \"Orchestra <no-reply@orchestra.test>\"\n"
        "  smtp:\n    host: 127.0.0.1\n    port: " +
        std::to_string(smtp_.port()) +
        "\n    starttls: false\n    timeout_ms: 5000\n"
        "rate_limits:\n  enabled: false\n"
        "collaboration:\n  studio_url: \"https://studio.example.com/\"\n";
    host_ = std::make_unique<HostProcess>(options);
    for (const char* name : {"owner", "admin", "invitee", "other"})
      signIn(name);
    const auto created = call("POST", "/api/v1/workspaces", R"({"name":"Team <b>"})", "owner");
    ASSERT_EQ(created.status, 201) << created.body;
    workspace_ = created.json()->getValue<std::string>("id");
  }

  // A mail to `email` containing `needle` that no earlier call returned.
  std::string nextMail(const std::string& email, const std::string& needle) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      for (auto& message : smtp_.messagesTo(email)) {
        std::string text = decodeQuotedPrintable(message);
        if (text.find(needle) != std::string::npos && seen_.insert(text).second) return text;
      }
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "no new mail with '" << needle << "' to " << email;
    return "";
  }

  void signIn(const std::string& name) {
    const std::string email = name + "@example.com";
    const auto requested = call("POST", "/api/v1/auth/request-otp",
                                R"({"email":")" + email + R"(","purpose":"login"})", "");
    ASSERT_EQ(requested.status, 200) << requested.body;
    const auto code = otpCodeIn(nextMail(email, "sign-in code"));
    ASSERT_TRUE(code.has_value());
    const auto verified = call("POST", "/api/v1/auth/verify-otp",
                               R"({"email":")" + email + R"(","code":")" + *code + "\"}", "");
    ASSERT_EQ(verified.status, 200) << verified.body;
    tokens_[name] = verified.json()->getValue<std::string>("access_token");
    user_ids_[name] = verified.json()->getObject("user")->getValue<std::string>("id");
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                  const std::string& as) {
    std::map<std::string, std::string> headers;
    if (!as.empty()) headers["Authorization"] = "Bearer " + tokens_.at(as);
    return HttpTestClient(host_->port()).request(method, path, body, headers);
  }

  // Invites invitee@example.com and returns the token of the mail that arrives.
  std::string invite(const std::string& role, const std::string& as = "owner",
                     int expected_status = 201) {
    const auto invited = call("POST", "/api/v1/workspaces/" + workspace_ + "/invite",
                              R"({"email":"Invitee@Example.com","role":")" + role + "\"}", as);
    EXPECT_EQ(invited.status, expected_status) << invited.body;
    invitation_id_ = invited.json()->getValue<std::string>("id");
    EXPECT_EQ(invited.body.find("token"), std::string::npos) << "the token is only in the mail";
    return tokenIn(nextMail("invitee@example.com", "invites you"));
  }

  static std::string tokenIn(const std::string& mail) {
    const std::string& text = mail;
    static const std::regex kLink(
        R"(https://studio\.example\.com/invitations/accept\?token=([A-Za-z0-9_-]{43}))");
    std::smatch match;
    EXPECT_TRUE(std::regex_search(text, match, kLink)) << text;
    return match.size() > 1 ? match[1].str() : "";
  }

  HttpResult accept(const std::string& token, const std::string& as) {
    return call("POST", "/api/v1/invitations/" + token + "/accept", "", as);
  }

  std::string roleIn(const std::string& name) {
    const auto members = call("GET", "/api/v1/workspaces/" + workspace_ + "/members", "", "owner");
    const auto items = members.json()->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const auto member = items->getObject(static_cast<unsigned>(i));
      if (member->getValue<std::string>("user_id") == user_ids_.at(name))
        return member->getValue<std::string>("role");
    }
    return "none";
  }

  void sql(const std::string& statement) const {
    store::Database database(database_->settings());
    Poco::Data::Session session = database.session();
    database.execute(session, statement);
  }

  SmtpTestServer smtp_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<HostProcess> host_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::string> user_ids_;
  std::string workspace_;
  std::string invitation_id_;
  std::set<std::string> seen_;
};

TEST_P(Invitations, TheMailedLinkJoinsOnceForTheInvitedAddressOnly) {
  const std::string token = invite("editor");
  // The invitee sees it addressed to them; nobody else does.
  const auto mine = call("GET", "/api/v1/invitations", "", "invitee");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json()->getValue<int>("total"), 1) << mine.body;
  EXPECT_EQ(mine.json()->getArray("items")->getObject(0)->getValue<std::string>("workspace_name"),
            "Team <b>");
  EXPECT_EQ(call("GET", "/api/v1/invitations", "", "other").json()->getValue<int>("total"), 0);

  EXPECT_EQ(accept(token, "other").status, 403);
  EXPECT_EQ(accept("not-a-token", "invitee").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/invitations/" + token + "/accept", "", "").status, 401);
  const auto accepted = accept(token, "invitee");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(roleIn("invitee"), "editor");
  // The new member works there at once (their session was cached before they joined).
  EXPECT_EQ(call("POST", "/api/v1/workflows",
                 R"({"name":"mine","workspace_id":")" + workspace_ + "\"}", "invitee")
                .status,
            201);
  EXPECT_EQ(accept(token, "invitee").status, 409);  // single use
  EXPECT_EQ(call("GET", "/api/v1/invitations", "", "invitee").json()->getValue<int>("total"), 0);
  // Already a member: no second invitation.
  EXPECT_EQ(call("POST", "/api/v1/workspaces/" + workspace_ + "/invite",
                 R"({"email":"invitee@example.com","role":"viewer"})", "owner")
                .status,
            409);
  const auto joined = call(
      "GET", "/api/v1/activity?workspace_id=" + workspace_ + "&action=member.joined", "", "owner");
  EXPECT_EQ(joined.json()->getValue<int>("total"), 1);
}

TEST_P(Invitations, ExpiredRevokedAndRenewedLinks) {
  const std::string first = invite("viewer");
  // A second invitation of a pending address renews it: one row, the new role, a new link.
  const std::string second = invite("editor", "owner", 200);
  const auto pending =
      call("GET", "/api/v1/workspaces/" + workspace_ + "/invitations", "", "owner").json();
  ASSERT_EQ(pending->getValue<int>("total"), 1);
  EXPECT_EQ(pending->getArray("items")->getObject(0)->getValue<std::string>("role"), "editor");
  EXPECT_EQ(accept(first, "invitee").status, 404);

  // Expired.
  sql("UPDATE invitations SET expires_at = '2001-01-01 00:00:00' WHERE id = '" + invitation_id_ +
      "'");
  EXPECT_EQ(accept(second, "invitee").status, 410);

  // Revoked.
  const std::string third = invite("viewer");
  EXPECT_EQ(call("DELETE", "/api/v1/workspaces/" + workspace_ + "/invitations/" + invitation_id_,
                 "", "owner")
                .status,
            204);
  EXPECT_EQ(accept(third, "invitee").status, 404);

  // Resent: the old link stops, the new one works.
  const std::string fourth = invite("viewer");
  ASSERT_EQ(call("POST",
                 "/api/v1/workspaces/" + workspace_ + "/invitations/" + invitation_id_ + "/resend",
                 "", "owner")
                .status,
            200);
  const std::string fifth = tokenIn(nextMail("invitee@example.com", "invites you"));
  EXPECT_EQ(accept(fourth, "invitee").status, 404);
  EXPECT_EQ(accept(fifth, "invitee").status, 200);
  EXPECT_EQ(roleIn("invitee"), "viewer");
}

TEST_P(Invitations, NobodyInvitesAboveTheirRole) {
  sql("INSERT INTO workspace_members (id, workspace_id, user_id, role) VALUES ('" +
      store::newUuid() + "', '" + workspace_ + "', '" + user_ids_.at("admin") +
      "', 'administrator')");
  signIn("admin");  // a fresh session sees the membership added behind the host's back
  const std::string invite_path = "/api/v1/workspaces/" + workspace_ + "/invite";
  EXPECT_EQ(
      call("POST", invite_path, R"({"email":"x@example.com","role":"owner"})", "admin").status,
      403);
  EXPECT_EQ(
      call("POST", invite_path, R"({"email":"x@example.com","role":"administrator"})", "admin")
          .status,
      201);
  EXPECT_EQ(
      call("POST", invite_path, R"({"email":"x@example.com","role":"viewer"})", "other").status,
      404);
  // Mass assignment: invited_by and token are never taken from the body.
  EXPECT_EQ(call("POST", invite_path,
                 R"({"email":"y@example.com","role":"viewer","invited_by":")" +
                     user_ids_.at("other") + "\"}",
                 "owner")
                .status,
            422);
}

INSTANTIATE_TEST_SUITE_P(Dialects, Invitations,
                         ::testing::Values(store::DialectKind::Sqlite,
                                           store::DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
