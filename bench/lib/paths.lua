-- wrk: alternate GET / and GET /howdy (requests built once; -H headers such as Cookie included).
local reqs
local i = 0
init = function(args)
  reqs = { wrk.format("GET", "/"), wrk.format("GET", "/howdy") }
end
request = function()
  i = i + 1
  return reqs[(i % 2) + 1]
end
