-- wrk script of benchmark 2 (bench/tickets.sh, run by TicketApi.java). From the environment:
--   BENCH_MODE   open: POST /api/v1/tickets for the accounts in BENCH_IDS, round robin
--                read: GET /api/v1/tickets/{id} for the tickets in BENCH_IDS, round robin
--   BENCH_IDS    a file of ids, one a line
--   BENCH_TOKEN  the bearer token (a real Keycloak access token)
--   BENCH_RATE   0: as fast as the connections go; R: R requests/s in all, each thread keeping its
--                share on a fixed schedule (a connection waits for its slot, not for the previous
--                answer's end, so a slow answer does not slow the offered rate)
--   BENCH_THREADS the -t given to wrk (to split the rate)
-- done() prints one line: RESULT requests seconds rps p50 p99 p999 max (ms) non2xx socket-errors

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *ts);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local mode = os.getenv("BENCH_MODE") or "read"
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json",
}

local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  if #line > 0 then ids[#ids + 1] = line end
end

local counter = 0
local threads_set_up = 0
local next_slot = nil
local interval = rate > 0 and (1000.0 * threads / rate) or 0

function setup(thread)
  thread:set("bench_thread", threads_set_up)
  threads_set_up = threads_set_up + 1
end

function init(args)
  counter = (bench_thread or 0) * 7919 -- threads start at different places of the list
end

function request()
  counter = counter + 1
  local id = ids[counter % #ids + 1]
  if mode == "open" then
    local body = string.format('{"accountId":"%s","kind":"SERVICE_REQUEST","title":"Printer offline #%d",'
      .. '"description":"The office printer stopped answering after the router was replaced; benchmark 2."}',
      id, counter)
    return wrk.format("POST", "/api/v1/tickets", headers, body)
  end
  return wrk.format("GET", "/api/v1/tickets/" .. id, headers)
end

if rate > 0 then
  function delay()
    local now = now_ms()
    if next_slot == nil then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval
    if slot <= now then return 0 end
    return math.floor(slot - now)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.1f %.2f %.2f %.2f %.2f %d %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
