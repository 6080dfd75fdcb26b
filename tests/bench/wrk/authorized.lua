-- wrk script for workflows_load.sh: every request carries the bench user's access token
-- (BENCH_TOKEN in the environment, never on the command line where `ps` would show it).
-- With BENCH_DELAY_MS set, each connection waits that long before each request, which paces
-- the load (wrk has no rate option): N connections give about N * 1000 / (delay + latency)
-- requests per second.
local token = os.getenv("BENCH_TOKEN")
if token == nil or token == "" then
  error("BENCH_TOKEN is not set")
end
wrk.headers["Authorization"] = "Bearer " .. token

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms ~= nil and delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
