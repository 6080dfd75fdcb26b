-- wrk script for executions_load.sh: POSTs a small JSON body to a webhook, as an outside
-- system calling a published workflow would. Counts answers that are not 200 (a failed or
-- unfinished execution) so the summary can say none were.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"Ada","order":42}'

local not_ok = 0
function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("Answers other than 200: %d\n", not_ok))
end
