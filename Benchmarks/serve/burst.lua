-- wrk script: POST distinct JSON bodies, `total` requests in all (split over the threads), then
-- stop. Usage: wrk -t2 -c64 -d600s -s burst.lua URL -- TOTAL
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local total = tonumber(args[1] or "100000")
  local threads = tonumber(args[2] or "2")
  quota = math.floor(total / threads)
  sent = 0
  answered = 0
end

function request()
  sent = sent + 1
  local body = string.format('{"order_id": "%d-%d", "phone": "+13105551234"}', id, sent)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= quota then wrk.thread:stop() end
end
