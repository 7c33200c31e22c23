-- wrk script: POST /api/v1/messages with a distinct number and text per request, so the emulator's
-- 7-second duplicate rule never refuses one (the same work the client benchmark does).
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  counter = 0
  token = os.getenv("SONAR_TOKEN") or "test-token"
end

function request()
  counter = counter + 1
  local number = 5000000000 + id * 100000000 + counter
  local body = "to=%2B1" .. number .. "&text=wrk%20message%20" .. counter
  return wrk.format("POST", "/api/v1/messages", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Token"] = token,
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("WRK_NON2XX=%d\n", summary.errors.status))
end
