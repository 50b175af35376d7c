-- wrk script for bench/email-intake.sh: POST /api/v1/inbound/email with a raw ~2 KB RFC 5322
-- message (Content-Type: message/rfc822), as a mail server with a mailgate key.
-- Environment:
--   BENCH_MESSAGE_FILE  the message, CRLF line ends, with "{{MESSAGE_ID}}" and "{{DATE}}" to fill
--   BENCH_KEY           the mailgate API key
--   BENCH_TAG           a word unique to this wrk run (warm-up or measured level), so that no
--                       Message-ID repeats within a benchmark: a repeated one is a duplicate, answered
--                       200 without any work
--   BENCH_EXPECT        "ingested" (a new ticket) or "subject_token" (a reply threaded by [SUP-n])
-- done() prints the non-2xx count, the answers that are 2xx but not what was expected (a duplicate,
-- a throttled, held or quarantined email, a reply that did not thread), the answers per second of
-- the run (to see a rate that sinks as it goes) and a machine-readable line.

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local text = f:read("*a")
  f:close()
  return text
end

local template = read_file(os.getenv("BENCH_MESSAGE_FILE"))
local key = assert(os.getenv("BENCH_KEY"), "BENCH_KEY is not set")
local tag = assert(os.getenv("BENCH_TAG"), "BENCH_TAG is not set")
local expect = os.getenv("BENCH_EXPECT") or "ingested"

local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

local counter = 0
-- globals, not locals: done() reads them from each thread with thread:get, which sees globals only
non2xx = 0
unexpected = 0
outcomes = {}   -- "201 ingested", "200 ingested" (a duplicate), "201 throttled", "500", ...
per_second = {} -- os.time() -> answers

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "message/rfc822"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

function request()
  counter = counter + 1
  -- unique per request: the run's tag, the wrk thread and a per-thread counter
  local message_id = string.format("<bench.%s.%d.%d@acme.example>", tag, id, counter)
  local date = os.date("!%a, %d %b %Y %H:%M:%S +0000")
  local body = template:gsub("{{MESSAGE_ID}}", message_id, 1):gsub("{{DATE}}", date, 1)
  return wrk.format(nil, "/api/v1/inbound/email", nil, body)
end

function response(status, headers, body)
  local second = os.time()
  per_second[second] = (per_second[second] or 0) + 1
  local outcome
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    outcome = tostring(status)
  else
    local state = body and body:match('"status"%s*:%s*"([%w_]+)"') or "?"
    local matched = body and body:match('"matchedBy"%s*:%s*"([%w_]+)"')
    outcome = tostring(status) .. " " .. state .. (matched and (" " .. matched) or "")
    local ok = status == 201 and state == "ingested"
    if expect == "subject_token" then ok = ok and matched == "subject_token" end
    if not ok then unexpected = unexpected + 1 end
  end
  outcomes[outcome] = (outcomes[outcome] or 0) + 1
end

function done(summary, latency, requests)
  local total_non2xx, total_unexpected = 0, 0
  local by_outcome, seconds = {}, {}
  for _, thread in ipairs(threads) do
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
    total_unexpected = total_unexpected + (thread:get("unexpected") or 0)
    for outcome, n in pairs(thread:get("outcomes") or {}) do by_outcome[outcome] = (by_outcome[outcome] or 0) + n end
    for second, n in pairs(thread:get("per_second") or {}) do seconds[second] = (seconds[second] or 0) + n end
  end
  local parts = {}
  for outcome, n in pairs(by_outcome) do table.insert(parts, string.format("[%s]=%d", outcome, n)) end
  table.sort(parts)
  local first, last
  for second in pairs(seconds) do
    if not first or second < first then first = second end
    if not last or second > last then last = second end
  end
  local timeline = {}
  if first then
    -- the first and the last second are partial: left out
    for second = first + 1, last - 1 do table.insert(timeline, tostring(seconds[second] or 0)) end
  end
  local e = summary.errors
  io.write(string.format("Non-2xx responses: %d; 2xx but not %s: %d\n", total_non2xx, expect, total_unexpected))
  io.write("Answers: " .. table.concat(parts, " ") .. "\n")
  io.write("Answers per second: " .. table.concat(timeline, " ") .. "\n")
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d unexpected=%d "
      .. "connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    total_non2xx, total_unexpected, e.connect, e.read, e.write, e.timeout))
  io.write("BENCH_TIMELINE " .. table.concat(timeline, " ") .. "\n")
end
