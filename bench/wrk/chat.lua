-- wrk script: a realistic ~2 KB OpenAI chat completion request (non-streaming).
-- chat-stream.lua sets STREAM = true and loads this file. ModelGate maps the model "bench" to the mock;
-- the mock and the YARP baseline ignore it. The key comes from BENCH_KEY (ModelGate's master key).
local messages = [[
{"role":"system","content":"You are a concise travel assistant for a European rail company. Answer in plain English, at most three short paragraphs. Prefer facts that a traveller can act on: opening hours, ticket types, typical journey times and the nearest station. If the question is about prices, say that fares change and point to the booking page instead of quoting a figure. Never invent timetables. When the user asks about accessibility, mention step-free access and assistance booking. Do not use markdown tables; lists are fine when there are more than three items."},
{"role":"user","content":"I am planning a long weekend in France in early May with my partner. We land at Charles de Gaulle on Friday morning and fly home from the same airport on Monday evening. We like museums, food markets and walking, but we do not want to spend the whole trip on trains."},
{"role":"assistant","content":"A long weekend based in one city works well for that. Paris gives you museums, markets and walkable neighbourhoods without long transfers, and the RER B takes you from the airport to the centre in about 35 minutes. If you want one day trip, Reims (45 minutes by TGV) or Giverny (45 minutes to Vernon, then a shuttle) are easy."},
{"role":"user","content":"Paris sounds good. Which markets are open on Saturday and Sunday mornings, and is the Louvre open on Monday? Also, what is the capital of France, just to settle a bet, and roughly how many people live in the region around it?"}
]]

local body = '{"model":"bench","messages":[' .. messages:gsub("\n", "") ..
  '],"temperature":0.7,"top_p":1,"max_tokens":512,"presence_penalty":0,"frequency_penalty":0,' ..
  '"user":"bench-user-0001","metadata":{"source":"wrk"}' ..
  (STREAM and ',"stream":true' or '') .. '}'

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "none")
