-- wrk script for bench/submit_load.py: each connection is one respondent after another.
-- A journey is what a browser does: GET the questions page (gzip), POST every statement
-- rated with the page's tokens, GET the confirmation the redirect names. Run with as many
-- threads as connections (wrk -tN -cN), so each thread's state belongs to one connection.
--
-- BENCH_KIND=journey (default) times whole journeys with the monotonic clock. Journeys
-- that start in the BENCH_SECONDS after BENCH_WARMUP are recorded; every thread goes on
-- with journeys until wrk stops (a few seconds later), so that each recorded journey ran
-- under the full load to its end. (A thread that stopped early would leave wrk's reconnected
-- socket idle, and a sync gunicorn worker that accepts it waits on it until its timeout:
-- the bench's own wind-down would then be in the slowest journeys.) Every POST answered is
-- counted, and those still unanswered when wrk stops, so the stored responses can be
-- checked against them. Any other kind (page, floor) is plain wrk, the request given by
-- BENCH_METHOD and the URL.
-- done() prints one line the bench parses: "RESULT ok=.. failed=.. posted=.. p50=.. ...".

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } relaudit_timespec;
int clock_gettime(int clock_id, relaudit_timespec *tp);
typedef struct {
  const unsigned char *next_in; unsigned avail_in; unsigned long total_in;
  unsigned char *next_out; unsigned avail_out; unsigned long total_out;
  const char *msg; void *state; void *zalloc; void *zfree; void *opaque;
  int data_type; unsigned long adler; unsigned long reserved;
} relaudit_z_stream;
const char *zlibVersion(void);
int inflateInit2_(relaudit_z_stream *strm, int window_bits, const char *version, int size);
int inflate(relaudit_z_stream *strm, int flush);
int inflateEnd(relaudit_z_stream *strm);
]])
local zlib = ffi.load("libz.so.1")
local CLOCK_MONOTONIC, Z_FINISH, GZIP_WINDOW = 1, 4, 31
local clock = ffi.new("relaudit_timespec")
local OUT_SIZE = 1024 * 1024
local out = ffi.new("unsigned char[?]", OUT_SIZE)

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local function gunzip(data)
  local stream = ffi.new("relaudit_z_stream")
  zlib.inflateInit2_(stream, GZIP_WINDOW, zlib.zlibVersion(), ffi.sizeof(stream))
  stream.next_in, stream.avail_in = data, #data
  stream.next_out, stream.avail_out = out, OUT_SIZE
  zlib.inflate(stream, Z_FINISH)
  local size = OUT_SIZE - stream.avail_out
  zlib.inflateEnd(stream)
  return ffi.string(out, size)
end

local function urlencode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local kind = os.getenv("BENCH_KIND") or "journey"
local method = os.getenv("BENCH_METHOD") or "GET"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per thread (one connection): the journey's step and what it has learnt so far.
latencies, requests, failures, posted, posts_sent, posts_answered = {}, {}, 0, 0, 0, 0
recorded_started, recorded_failed = 0, 0
local step, started, sent_at, cookie, form, location = "page", 0, 0, nil, nil, nil
local record_from, record_until, recording = 0, 0, false

function init(args)
  record_from = now_ms() + 1000 * tonumber(os.getenv("BENCH_WARMUP") or "0")
  record_until = record_from + 1000 * tonumber(os.getenv("BENCH_SECONDS") or "20")
end

local function next_journey()
  step = "page"
end

local function fail()
  failures = failures + 1  -- recorded or not: a failure is a failure
  if recording then
    recorded_failed = recorded_failed + 1
  end
  next_journey()
end

function request()
  if kind ~= "journey" then
    return wrk.format(method, wrk.path, { ["Accept-Encoding"] = "gzip", ["Content-Length"] = method == "POST" and "0" or nil })
  end
  sent_at = now_ms()
  local headers = { ["Accept-Encoding"] = "gzip" }
  if cookie then
    headers["Cookie"] = "csrftoken=" .. cookie
  end
  if step == "page" then
    started = now_ms()
    recording = started >= record_from and started < record_until
    if recording then
      recorded_started = recorded_started + 1
    end
    return wrk.format("GET", wrk.path, headers)
  elseif step == "post" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port
    posts_sent = posts_sent + 1
    return wrk.format("POST", wrk.path, headers, form)
  else
    return wrk.format("GET", location, headers)
  end
end

function response(status, headers, body)
  if kind ~= "journey" then
    return
  end
  if recording then
    table.insert(requests, now_ms() - sent_at)
  end
  if step == "page" then
    if status ~= 200 then return fail() end
    local set_cookie = headers["Set-Cookie"]
    if set_cookie then
      cookie = set_cookie:match("csrftoken=([^;]+)") or cookie
    end
    if headers["Content-Encoding"] == "gzip" then
      body = gunzip(body)
    end
    local csrf = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
    local token = body:match('name="form_token" value="([^"]+)"')
    if not (csrf and token and cookie) then return fail() end
    local fields, seen, n = { "csrfmiddlewaretoken=" .. urlencode(csrf), "form_token=" .. urlencode(token) }, {}, 0
    for code in body:gmatch('type="radio"%s+name="([A-Z][A-Z]%-[A-Z%-]+)"') do
      if not seen[code] then
        seen[code] = true
        table.insert(fields, code .. "=" .. (n % 6))
        n = n + 1
      end
    end
    form = table.concat(fields, "&")
    step = "post"
  elseif step == "post" then
    posts_answered = posts_answered + 1
    location = headers["Location"]
    if status ~= 302 or not location then return fail() end
    posted = posted + 1
    step = "thanks"
  else
    if status ~= 200 then return fail() end
    if recording then
      table.insert(latencies, now_ms() - started)
    end
    next_journey()
  end
end

function done(summary, latency, requests)
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  if kind ~= "journey" then
    local failed = summary.errors.status + socket_errors
    io.write(string.format("RESULT ok=%d failed=%d posted=0 p50=%.1f p95=%.1f p99=%.1f\n",
      summary.requests - summary.errors.status, failed, latency:percentile(50) / 1000,
      latency:percentile(95) / 1000, latency:percentile(99) / 1000))
    return
  end
  local all, each, failed, sent, unanswered, unfinished = {}, {}, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    for _, ms in ipairs(thread:get("latencies")) do
      table.insert(all, ms)
    end
    for _, ms in ipairs(thread:get("requests")) do
      table.insert(each, ms)
    end
    failed = failed + thread:get("failures")
    sent = sent + thread:get("posted")
    unanswered = unanswered + thread:get("posts_sent") - thread:get("posts_answered")
    unfinished = unfinished + thread:get("recorded_started") - #thread:get("latencies")
      - thread:get("recorded_failed")
  end
  local finished = #all
  -- A recorded journey still running when wrk stopped counts as slower than any other,
  -- so that a stall can never leave the percentiles looking better.
  for _ = 1, unfinished do
    table.insert(all, math.huge)
  end
  table.sort(all)
  table.sort(each)
  local function pct(list, p)
    if #list == 0 then return 0 end
    return list[math.min(#list, math.floor(p * #list) + 1)]
  end
  -- A socket error is retried by wrk on a new connection (the same step, the same form):
  -- counted as failed here so that the figures show it.
  io.write(string.format("RESULT ok=%d failed=%d posted=%d p50=%.1f p95=%.1f p99=%.1f\n",
    finished, failed + socket_errors, sent, pct(all, 0.50), pct(all, 0.95), pct(all, 0.99)))
  -- The requests within journeys (page, submission, confirmation), each on its own.
  io.write(string.format("REQUESTS ok=%d failed=0 posted=0 p50=%.1f p95=%.1f p99=%.1f\n",
    #each, pct(each, 0.50), pct(each, 0.95), pct(each, 0.99)))
  -- POSTs still unanswered when wrk stopped: the server may have stored them.
  io.write(string.format("UNANSWERED %d\n", unanswered))
  io.write(string.format("UNFINISHED %d\n", unfinished))
end
