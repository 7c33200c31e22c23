-- wrk script: POST a distinct JSON body per request (a counter), so content-hash de-duplication
-- never drops one.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format('{"order_id": "%d-%d", "phone": "+13105551234"}', id, counter)
  return wrk.format(nil, nil, nil, body)
end
