-- wrk script for bench/intake.sh: POST /api/v1/tickets with a ~2 KB body, as an agent.
-- Environment: BENCH_BODY_FILE (the JSON body, with "{{N}}" where a per-request number goes),
-- BENCH_KEY (the agent API key). done() prints the non-2xx count and a machine-readable line.

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local text = f:read("*a")
  f:close()
  return text
end

local template = read_file(os.getenv("BENCH_BODY_FILE"))
local key = assert(os.getenv("BENCH_KEY"), "BENCH_KEY is not set")

local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

local counter = 0
local non2xx = 0
local statuses = {}

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

function request()
  counter = counter + 1
  -- a distinct subject per request, so every ticket is a different one
  local body = template:gsub("{{N}}", tostring(id) .. "-" .. tostring(counter), 1)
  return wrk.format(nil, "/api/v1/tickets", nil, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total_non2xx = 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
    local s = thread:get("statuses")
    if s then
      for code, n in pairs(s) do by_status[code] = (by_status[code] or 0) + n end
    end
  end
  local parts = {}
  for code, n in pairs(by_status) do table.insert(parts, tostring(code) .. "=" .. tostring(n)) end
  local e = summary.errors
  io.write(string.format("Non-2xx responses: %d %s\n", total_non2xx, table.concat(parts, " ")))
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d "
      .. "connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    total_non2xx, e.connect, e.read, e.write, e.timeout))
end
