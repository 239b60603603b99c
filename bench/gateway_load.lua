-- wrk script for bench/gateway_load.sh: many distinct requests, not one
-- replayed body. Each wrk thread builds a pool of 1,024 gmail calls that
-- differ in message id, sender, recipients, size and principal (about 60 %
-- allowed, 30 % asked, 10 % from an agent no policy covers, so denied) and
-- sends them round-robin on keep-alive connections.
--
-- Environment: GATEWAY_LOAD_MODE = floor | decide | authzen
--   floor:   GET /healthz, a constant answer that decides nothing
--   decide:  POST /v1/decide, Intent requests
--   authzen: POST /access/v1/evaluation, the same calls as AuthZEN
-- GATEWAY_LOAD_CHECK=1 also reads every response and prints how many were
-- allowed, asked and denied (slower: for checking the traffic, not timing).

local mode = os.getenv("GATEWAY_LOAD_MODE") or "decide"
local check = os.getenv("GATEWAY_LOAD_CHECK") == "1"
local pool = {}
local next_index = 1
-- Global, so that done() can read each thread's counts (thread:get).
seen = { allow = 0, ask = 0, deny = 0, other = 0 }
local threads = {}

local function message(i)
  local to
  local kind = i % 10
  if kind < 6 then
    to = string.format('"user%d@example.com", "team%d@example.org"', i, i % 7)
  elseif kind < 9 then
    to = string.format('"user%d@example.com", "client%d@elsewhere.test"', i, i)
  else
    to = string.format('"user%d@example.com"', i)
  end
  return string.format(
    '{"id": "m%d", "sender": "me%d@example.com", "to": [%s], "unread": %s, ' ..
      '"received": "2026-11-28T08:%02d:00Z", "labels": ["inbox"], "size": %d}',
    i, i % 13, to, (i % 2 == 0) and "true" or "false", i % 60, 1000 + i)
end

local function principal(i)
  return (i % 10 == 9) and string.format("other-bot-%d", i) or "mail-bot"
end

local function body(i)
  if mode == "authzen" then
    return string.format(
      '{"subject": {"type": "agent", "id": "%s"}, "action": {"name": "send"}, ' ..
        '"resource": {"type": "messages", "id": "m%d", "properties": {"message": %s}}, ' ..
        '"context": {"time": "2026-11-28T10:00:00Z"}}',
      principal(i), i, message(i))
  end
  return string.format(
    '{"principal": "%s", "operation": "gmail.messages.send", "input": {"message": %s}, ' ..
      '"context": {"time": "2026-11-28T10:00:00Z"}}',
    principal(i), message(i))
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  for i = 1, 1024 do
    if mode == "floor" then
      pool[i] = wrk.format("GET", "/healthz")
    elseif mode == "authzen" then
      pool[i] = wrk.format("POST", "/access/v1/evaluation", headers, body(i))
    else
      pool[i] = wrk.format("POST", "/v1/decide", headers, body(i))
    end
  end
  -- Threads start at different places of the pool.
  next_index = (id or 0) * 389 % 1024 + 1
end

function request()
  local r = pool[next_index]
  next_index = next_index % 1024 + 1
  return r
end

if check then
  function response(status, headers, text)
    if text:find('"decision":"allow"') or text:find('"decision":true') then
      seen.allow = seen.allow + 1
    elseif text:find('"decision":"ask"') or text:find('"effect":"ask"') then
      seen.ask = seen.ask + 1
    elseif text:find('"decision":"deny"') or text:find('"decision":false') then
      seen.deny = seen.deny + 1
    else
      seen.other = seen.other + 1
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  if check then
    local total = { allow = 0, ask = 0, deny = 0, other = 0 }
    for _, thread in ipairs(threads) do
      local counts = thread:get("seen")
      for k, v in pairs(counts) do total[k] = total[k] + v end
    end
    io.write(string.format("CHECK allow=%d ask=%d deny=%d other=%d\n",
      total.allow, total.ask, total.deny, total.other))
  end
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
