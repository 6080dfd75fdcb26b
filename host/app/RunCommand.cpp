#include "host/app/RunCommand.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

#include "host/api/WorkflowsApi.hpp"
#include "host/app/PluginSubsystem.hpp"
#include "host/app/RunProgress.hpp"
#include "host/app/RuntimeSubsystem.hpp"
#include "host/auth/Caller.hpp"
#include "host/bus/InProcessEventBus.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/JsonBody.hpp"
#include "host/http/SchemaIssues.hpp"
#include "host/observability/Logger.hpp"
#include "host/observability/Metrics.hpp"
#include "host/runtime/Runtime.hpp"
#include "host/schema/Schema.hpp"
#include "host/store/Database.hpp"
#include "host/store/MigrationRunner.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"
#include "host/text/JsonIndent.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/workflows/GraphValidator.hpp"
#include "host/workflows/WorkflowService.hpp"

namespace orchestra::app {

namespace {

using errors::ApiError;
using Poco::JSON::Object;

// The account a command-line run belongs to: found again when the database is a lasting one.
constexpr const char* kLocalUserEmail = "orchestra-run@localhost";
// Ctrl-C asks the execution to cancel; if it has not ended this much later, we give up on it.
constexpr std::chrono::seconds kCancelGrace{10};
constexpr std::chrono::milliseconds kStopGrace{5000};

std::atomic<bool> interrupted{false};

void onInterrupt(int /*signal*/) {
  interrupted.store(true);  // lock-free: safe in a signal handler
}

// Ctrl-C while installed cancels the execution; a second one ends the process at once
// (SA_RESETHAND), for a run that does not stop.
class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptGuard() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction previous_ = {};
};

// A fresh folder under the system's temporary directory, removed with its contents at the end.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "orchestra-run-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary folder in " +
                               std::filesystem::temp_directory_path().string());
    }
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Bus events, handed from the publishing threads (which must never wait on us) to the main one.
class EventInbox {
 public:
  void push(const bus::Event& event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
  }
  std::deque<bus::Event> takeAll() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }

 private:
  std::mutex mutex_;
  std::deque<bus::Event> events_;
};

std::string joinLoc(const std::vector<std::string>& loc) {
  std::string joined;
  for (const std::string& part : loc)
    joined += (joined.empty() ? "" : ".") + part;
  return joined.empty() ? "(document)" : joined;
}

// `text` as a JSON object, with the API's nesting limit. `source` names it in the error.
Object::Ptr parseObject(const std::string& text, const std::string& source) {
  if (http::jsonNestingDepth(text, http::kMaxJsonNestingDepth) > http::kMaxJsonNestingDepth) {
    throw ApiError::badRequest(source + ": JSON nested deeper than " +
                               std::to_string(http::kMaxJsonNestingDepth) + " levels");
  }
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(http::kMaxJsonNestingDepth + 1);
    parsed = parser.parse(text);
  } catch (const Poco::Exception& error) {
    throw ApiError::badRequest(source + ": not valid JSON: " + error.message());
  }
  if (parsed.type() != typeid(Object::Ptr)) {
    throw ApiError::badRequest(source + ": a JSON object is expected");
  }
  return parsed.extract<Object::Ptr>();
}

// The file as POST /workflows/import would take it: the document's schema, defaults filled in.
Object::Ptr readDocument(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (!file || !(text << file.rdbuf())) {
    throw ApiError::badRequest(path + ": cannot read the file");
  }
  const Object::Ptr document = parseObject(text.str(), path);
  const schema::Schema schema = schema::Schema::compile(api::workflowImportSchema());
  const Poco::Dynamic::Var completed = schema.applyDefaults(document);
  const schema::ValidationResult result = schema.validate(completed);
  if (!result.valid()) throw ApiError::validation(http::toValidationIssues(result));
  return completed.extract<Object::Ptr>();
}

// Every problem the graph has, as saving it for publication would report them.
void checkGraph(const Object& document, const plugins::PluginRegistry& registry) {
  const Object::Ptr workflow = document.getObject("workflow");
  // The validator reads the compact document the API reads; a file is small, so it is
  // written out and read again.
  const auto compact = text::JsonDocument::parse(text::toJson(Poco::Dynamic::Var(workflow)));
  const text::JsonView graph = compact ? compact->root() : text::JsonView();
  const auto issues = workflows::GraphValidator(registry).validate(
      graph.get("nodes"), graph.get("connections"), {"workflow"});
  if (!issues.empty()) throw ApiError::validation(issues);
}

// The workflow's node ids, for the width of the label column.
std::size_t longestNodeId(const Object& document) {
  std::size_t longest = 4;
  const auto nodes = document.getObject("workflow")->getArray("nodes");
  for (std::size_t i = 0; nodes && i < nodes->size(); ++i) {
    const auto node = nodes->getObject(static_cast<unsigned>(i));
    if (node && node->has("id")) longest = std::max(longest, node->get("id").toString().size());
  }
  return longest;
}

// The local account and its personal workspace, created through the store as a first sign-in
// would, or found again in a lasting database.
auth::Caller localCaller(store::Database& database) {
  store::UserRepository users(database);
  store::WorkspaceRepository workspaces(database);
  return database.withTransaction([&](Poco::Data::Session& session) {
    auto user = users.findByEmail(session, kLocalUserEmail);
    if (!user) {
      store::NewUser fresh;
      fresh.email = kLocalUserEmail;
      fresh.full_name = "orchestra run";
      fresh.is_verified = true;
      user = users.create(session, fresh);
    }
    std::string workspace_id;
    for (const auto& workspace : workspaces.listForUser(session, user->id)) {
      if (workspace.owner_id == user->id) {
        workspace_id = workspace.id;
        break;
      }
    }
    if (workspace_id.empty()) workspace_id = workspaces.createPersonalWorkspace(session, *user).id;
    return auth::Caller(user->id, user->email, "",
                        {{workspace_id, std::string(store::workspace_role::kOwner)}});
  });
}

void openDatabase(store::Database& database, const config::DatabaseSettings& settings,
                  bool scratch) {
  store::MigrationRunner migrations(database, settings.migrations_dir);
  if (scratch || settings.migrate_on_start) {
    migrations.apply();
  } else if (!migrations.pending().empty()) {
    throw std::runtime_error("migrations are pending on " + database.url().redacted() +
                             "; run `orchestra migrate` first");
  }
}

// Prints the execution's node changes until it ends (or Ctrl-C and the grace are over).
std::optional<runtime::ExecutionOutcome> follow(runtime::Runtime& runtime,
                                                const std::string& execution_id,
                                                runtime::OutcomeWaiter& waiter, EventInbox& inbox,
                                                RunProgress& progress) {
  const std::string channel = "execution:" + execution_id;
  std::optional<std::chrono::steady_clock::time_point> give_up_at;
  while (true) {
    // Everything the run published is in the inbox before its outcome is delivered.
    auto outcome = waiter.wait(std::chrono::milliseconds(50));
    for (const bus::Event& event : inbox.takeAll()) {
      if (event.channel == channel) progress.show(event.payload_json);
    }
    if (outcome) return outcome;
    if (interrupted.load() && !give_up_at) {
      progress.clear();
      std::cout.flush();
      std::cerr << "orchestra: interrupted; cancelling the execution (Ctrl-C again to quit)\n";
      runtime.cancel(execution_id);
      give_up_at = std::chrono::steady_clock::now() + kCancelGrace;
    }
    if (give_up_at && std::chrono::steady_clock::now() > *give_up_at) return std::nullopt;
  }
}

int report(const std::optional<runtime::ExecutionOutcome>& outcome, RunProgress& progress) {
  progress.clear();
  std::cout.flush();
  if (!outcome) {
    std::cerr << "orchestra: the execution did not stop after cancellation\n";
    return kRunFailed;
  }
  if (outcome->status == "completed") {
    std::cout << text::indentJson(outcome->output_json) << std::endl;
    return kRunCompleted;
  }
  std::cerr << "orchestra: execution " << outcome->status;
  if (!outcome->error.empty() && outcome->error != outcome->status) {
    std::cerr << ": " << outcome->error;
  }
  std::cerr << '\n';
  return kRunFailed;
}

// The part that needs the plugins: check, store, run. Returns the exit status.
int runLoaded(const config::Config& config, bool scratch, Object& document,
              const std::string& trigger_data_json, const plugins::PluginRegistry& registry) {
  checkGraph(document, registry);
  store::Database database(config.database);
  openDatabase(database, config.database, scratch);

  const auth::Caller caller = localCaller(database);
  document.set("workspace_id", caller.memberships().front().workspace_id);
  const auto compact = text::JsonDocument::parse(text::toJson(document));
  const workflows::SavedWorkflow saved =
      workflows::WorkflowService(database, registry).importDocument(caller, compact.value().root());

  bus::InProcessEventBus events;
  EventInbox inbox;
  auto subscription = events.subscribe("*", [&inbox](const bus::Event& event) {
    inbox.push(event);  // filtered on the main thread, once the execution id is known
  });
  // Each inline node committed (and so published) before the next one runs: the lines come in
  // the order the nodes ran. `together` would batch them for throughput, out of order here.
  observability::Metrics metrics;  // this run's own; nothing serves them
  runtime::Runtime runtime(database, registry, runtimeSettingsFrom(config.runtime), events,
                           runtime::InlineCommits::Each, metrics);
  runtime.start();  // whatever runtime.enabled says: running it is what this command is for

  runtime::StartRequest request;
  request.workspace_id = saved.row.workspace_id;
  request.workflow_id = saved.row.id;
  request.user_id = caller.userId();
  request.workflow_version = saved.row.version;
  request.trigger_type = "manual";
  request.trigger_data_json = trigger_data_json;
  auto waiter = std::make_shared<runtime::OutcomeWaiter>();

  InterruptGuard interrupt_guard;
  RunProgress progress(std::cout, isatty(STDOUT_FILENO) == 1, longestNodeId(document) + 2);
  const runtime::StartedExecution started = runtime.startExecution(request, waiter);
  const auto outcome = follow(runtime, started.id, *waiter, inbox, progress);
  runtime.stop(kStopGrace);
  return report(outcome, progress);
}

void printRefusal(const ApiError& error, const std::string& file) {
  if (!error.isValidation()) {
    std::cerr << "orchestra: " << error.detail() << '\n';
    return;
  }
  std::cerr << "orchestra: " << file << " is not a workflow this host can run:\n";
  for (const auto& issue : error.issues())
    std::cerr << "  " << joinLoc(issue.loc) << ": " << issue.msg << " (" << issue.type << ")\n";
}

struct PluginShutdown {
  LoadedPlugins& plugins;
  ~PluginShutdown() {
    if (plugins.loader) plugins.loader->shutdownAll();
  }
};

// The host's own log goes to stderr; below warnings it would bury the run's lines.
void quietHostLog(const config::Config& config) {
  const auto configured = observability::parseLogLevel(config.log.level);
  observability::setLogLevel(std::max(configured.value_or(observability::LogLevel::Warning),
                                      observability::LogLevel::Warning));
}

}  // namespace

int runWorkflowFile(const config::Config& loaded_config, const RunOptions& options) {
  quietHostLog(loaded_config);
  config::Config config = loaded_config;
  try {
    Object::Ptr document = readDocument(options.workflow_file);
    const Object::Ptr input = parseObject(options.input_json.value_or("{}"), "--input");
    const std::string trigger_data_json = text::toJson(input);

    std::optional<ScratchDirectory> scratch;
    if (config.database.url == config::DatabaseSettings{}.url) {
      scratch.emplace();
      config.database.url = "sqlite:///" + (scratch->path() / "orchestra.db").string();
    }
    LoadedPlugins plugins;
    const PluginShutdown shutdown{plugins};  // after the runtime, which runs their nodes
    loadPlugins(config, plugins);            // throws for a refused required plugin
    return runLoaded(config, scratch.has_value(), *document, trigger_data_json, *plugins.registry);
  } catch (const ApiError& error) {
    printRefusal(error, options.workflow_file);
    return kRunRefused;
  } catch (const std::exception& error) {
    std::cout.flush();
    std::cerr << "orchestra: run failed: " << error.what() << '\n';
    return kRunHostError;
  }
}

}  // namespace orchestra::app
