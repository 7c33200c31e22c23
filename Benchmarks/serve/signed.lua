-- wrk script: POST distinct JSON bodies with their HMAC-SHA256 signature (hex) in
-- X-Signature, read from a file of "body<TAB>signature" lines made beforehand (wrk's Lua has no
-- HMAC). Thread n of t takes lines n, n + t, …, so no two requests share a body.
-- Usage: wrk -t2 -c64 -d10s -s signed.lua URL -- FILE THREADS
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  local threads = tonumber(args[2] or "2")
  lines = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % threads == id then lines[#lines + 1] = line end
    index = index + 1
  end
  next_line = 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local line = lines[next_line]
  next_line = next_line % #lines + 1
  local tab = line:find("\t", 1, true)
  return wrk.format(nil, nil, { ["X-Signature"] = line:sub(tab + 1) }, line:sub(1, tab - 1))
end
