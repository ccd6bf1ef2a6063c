-- wrk script: the same request as chat.lua with "stream": true (no stream_options, as most clients send it).
STREAM = true
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "chat.lua")
