-- wrk script for every scenario but the federated sign-in (SignInLoad.java). The scenario comes from the environment:
--   BENCH_BODY            a form to POST (unset: GET the URL)
--   BENCH_REFRESH_TOKENS  refresh_token scenario: a file of refresh tokens, one a line, appended to BENCH_BODY. Both
--                         brokers rotate refresh tokens and refuse a rotated one, so each token is used once and the
--                         one in the answer goes back to the pool: every connection chains its own grants.
--   BENCH_THREADS         wrk's -t, to share the tokens out
-- Prints one line: rps p50_ms p99_ms errors (connect, read, write, timeout, non-2xx/3xx) requests.
local body = os.getenv("BENCH_BODY")
local tokens_file = os.getenv("BENCH_REFRESH_TOKENS")
local count = 0

wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
if body then
  wrk.method = "POST"
  wrk.body = body
end

function setup(thread)
  thread:set("id", count)
  count = count + 1
end

if tokens_file then
  local pool = {}
  function init(args)
    local threads, i = tonumber(os.getenv("BENCH_THREADS")), 0
    for line in io.lines(tokens_file) do
      if i % threads == id then table.insert(pool, line) end
      i = i + 1
    end
  end
  function request()
    return wrk.format("POST", nil, nil, body .. (table.remove(pool) or "spent"))
  end
  function response(status, headers, answer)
    if status == 200 then
      local token = answer:match('"refresh_token"%s*:%s*"([^"]+)"')
      if token then table.insert(pool, token) end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status, summary.requests))
end
