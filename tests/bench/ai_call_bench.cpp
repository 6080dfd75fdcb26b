// What Orchestra adds to an AI call: a chat through the host (host_ai_chat's gateway, the
// ai.anthropic plugin, the host's outbound HTTP client with its SSRF guard) against the same
// exchange made directly with a plain HTTP client, both with a local stub answering at once
// (tests/support/AiStubServer). Per call (JSON answer) and per streamed token (kManyTokens SSE
// events): overhead = host - direct. No ledger here (it adds one INSERT and the budget sums).
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <benchmark/benchmark.h>

#include <array>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "host/plugins/AiGateway.hpp"
#include "host/plugins/ExecutionSecrets.hpp"
#include "host/plugins/HostApi.hpp"
#include "host/plugins/OutboundHttp.hpp"
#include "host/plugins/PluginLoader.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "tests/support/AiStubServer.hpp"

namespace {

using orchestra::testing::AiStubServer;
namespace plugins = orchestra::plugins;

class FixedKey final : public plugins::ExecutionSecrets {
 public:
  std::optional<std::string> reveal(const std::string&) override { return "bench-key"; }
};

plugins::OutboundHttpSettings loopbackAllowed() {
  plugins::OutboundHttpSettings settings;
  settings.allow_private_addresses = true;  // the stub is on 127.0.0.1
  return settings;
}

// The stub, the plugin loaded as the host loads it, and one provider instance: built once.
struct Setup {
  AiStubServer stub;
  plugins::OutboundHttp http{loopbackAllowed()};
  plugins::HostServices services;
  plugins::PluginRegistry registry;
  std::unique_ptr<plugins::PluginLoader> loader;
  std::unique_ptr<plugins::AiGateway> gateway;
  FixedKey key;

  Setup() {
    services.http = &http;
    loader = std::make_unique<plugins::PluginLoader>(registry, services);
    orchestra::config::PluginsSettings settings;
    orchestra::config::PluginLoadSpec spec;
    spec.file = std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/libai_anthropic.so";
    spec.required = true;
    settings.load.push_back(spec);
    loader->loadAll(settings);
    auto created = plugins::AiProviderInstance::create(
        *registry.aiProviders().find("ai.anthropic"),
        R"({"base_url":")" + stub.baseUrl() + R"(","api_key_secret":"KEY"})");
    std::map<std::string, std::unique_ptr<plugins::AiProviderInstance>> providers;
    providers.emplace("claude",
                      std::move(std::get<std::unique_ptr<plugins::AiProviderInstance>>(created)));
    gateway = std::make_unique<plugins::AiGateway>(std::move(providers), plugins::AiPriceTable{},
                                                   plugins::AiBudgetLimits{}, nullptr);
  }
};

Setup& setup() {
  static Setup instance;
  return instance;
}

std::string requestBody(const std::string& model, bool stream) {
  return R"({"model":")" + model +
         R"(","max_tokens":16,"messages":[{"role":"user","content":"Say hello"}])" +
         (stream ? R"(,"stream":true})" : "}");
}

// The baseline: the same request and a full read of the answer with a plain Poco client.
std::size_t directCall(const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", setup().stub.port());
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/v1/messages",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("x-api-key", "bench-key");
  request.set("anthropic-version", "2023-06-01");
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::array<char, 16384> buffer{};
  std::size_t total = 0;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0)
    total += static_cast<std::size_t>(in.gcount());
  return total;
}

struct Chunks {
  std::size_t count = 0;
  static orc_status count_one(void* context, orc_str) {
    ++static_cast<Chunks*>(context)->count;
    return ORC_OK;
  }
};

std::size_t hostCall(const std::string& body, bool stream) {
  Chunks chunks;
  orc_ai_chat_request request{};
  request.struct_size = sizeof request;
  request.request_json = {body.data(), body.size()};
  if (stream) {
    request.host_stream = &Chunks::count_one;
    request.stream_ctx = &chunks;
  }
  orc_result result{};
  result.struct_size = sizeof result;
  orc_ai_usage usage{};
  usage.struct_size = sizeof usage;
  const plugins::ExecutionSecretsScope scope(&setup().key);
  const orc_status status = setup().gateway->chat("claude", request, result, usage, {});
  const std::string data = plugins::takeBuffer(result.data);
  const std::string error = plugins::takeBuffer(result.error_message);
  if (status != ORC_OK) throw std::runtime_error("chat failed: " + error);
  return stream ? chunks.count : data.size();
}

void BM_DirectJsonCall(benchmark::State& state) {
  const std::string body = requestBody("stub-ok", false);
  for (auto _ : state)
    benchmark::DoNotOptimize(directCall(body));
}

void BM_HostJsonCall(benchmark::State& state) {
  const std::string body = requestBody("stub-ok", false);
  for (auto _ : state)
    benchmark::DoNotOptimize(hostCall(body, false));
}

void BM_DirectStream(benchmark::State& state) {
  const std::string body = requestBody("stub-many", true);
  for (auto _ : state)
    benchmark::DoNotOptimize(directCall(body));
  state.counters["tokens"] = AiStubServer::kManyTokens;
}

void BM_HostStream(benchmark::State& state) {
  const std::string body = requestBody("stub-many", true);
  for (auto _ : state) {
    if (hostCall(body, true) != static_cast<std::size_t>(AiStubServer::kManyTokens)) {
      state.SkipWithError("not every token arrived");
      break;
    }
  }
  state.counters["tokens"] = AiStubServer::kManyTokens;
}

BENCHMARK(BM_DirectJsonCall)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HostJsonCall)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DirectStream)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HostStream)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
