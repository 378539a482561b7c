-- wrk script of bench/soak: a mixed load of reads, writes and bad requests on kept-alive connections.
--
-- SOAK_SCHEDULE names a family a line (the mix, weighted and shuffled by bench/soak/mix.py); each request takes the
-- next family of the schedule and the next entry of that family from SOAK_ENTRIES (tab-separated: family, method,
-- path, token role or "-", headers "Name: value|..." or "-", body). Each thread starts at its own place.
-- Writes: "@KEY@" in an entry's headers and body becomes a fresh Idempotency-Key (SOAK_TAG-thread-serial); every
-- REPLAY_EVERY-th write sends the thread's previous write again (same key and body: a retry, answered as a replay).
-- The case loop: a report answered 201 with its case "reported" is filed by the operator (If-Match version 1),
-- and a case answered "filed" is dispatched by the dispatcher (version 2); with nothing to act on, the
-- "case_actions" slot reads the case list. Statuses are counted by class (the per-route figures come from the
-- front's access log).
local threads = {}
local counter = 0
local REPLAY_EVERY = 8

function setup(thread)
    counter = counter + 1
    thread:set("number", counter)
    table.insert(threads, thread)
end

local function parse_headers(auth, text)
    local headers = {}
    if auth ~= "-" then
        headers["Authorization"] = "Bearer " .. tokens[auth]
    end
    if text ~= "-" then
        for pair in string.gmatch(text, "[^|]+") do
            local name, value = string.match(pair, "^([^:]+):%s*(.*)$")
            headers[name] = value
        end
    end
    return headers
end

function init(args)
    tokens = {}
    for pair in string.gmatch(os.getenv("SOAK_TOKENS") or "", "[^,]+") do
        local role, token = string.match(pair, "^([^=]+)=(.*)$")
        tokens[role] = token
    end
    entries = {}
    for line in io.lines(os.getenv("SOAK_ENTRIES")) do
        local family, method, path, auth, headers, body =
            string.match(line, "^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
        entries[family] = entries[family] or {}
        table.insert(entries[family], {
            method = method, path = path, headers = parse_headers(auth, headers), body = body ~= "" and body or nil,
        })
    end
    schedule = {}
    for line in io.lines(os.getenv("SOAK_SCHEDULE")) do
        table.insert(schedule, line)
    end
    positions = {}
    for family, list in pairs(entries) do
        positions[family] = (number * 7919) % #list
    end
    slot = (number * 97) % #schedule
    key_prefix = os.getenv("SOAK_TAG") .. "-" .. number .. "-"
    writes = 0
    last_write = nil
    to_file, to_dispatch = {}, {}
    c1, c2, c3, c4, c5 = 0, 0, 0, 0, 0
end

local function next_entry(family)
    local list = entries[family]
    local i = positions[family] % #list + 1
    positions[family] = i
    return list[i]
end

local function write_request(entry)
    writes = writes + 1
    if last_write ~= nil and writes % REPLAY_EVERY == 0 then
        return last_write
    end
    local key = key_prefix .. writes
    local headers = {}
    for name, value in pairs(entry.headers) do
        headers[name] = string.gsub(value, "@KEY@", key)
    end
    local body = string.gsub(entry.body, "@KEY@", key)
    last_write = wrk.format(entry.method, entry.path, headers, body)
    return last_write
end

local function case_step(id, role, version, body)
    local headers = {
        ["Authorization"] = "Bearer " .. tokens[role], ["Content-Type"] = "application/json",
        ["If-Match"] = '"cases.' .. id .. '.' .. version .. '"',
    }
    return wrk.format("POST", "/api/cases/" .. id .. "/actions", headers, body)
end

function request()
    slot = slot % #schedule + 1
    local family = schedule[slot]
    if family == "case_actions" then
        local id = table.remove(to_dispatch, 1)
        if id ~= nil then
            return case_step(id, "dispatcher", 2, '{"action": "dispatch"}')
        end
        id = table.remove(to_file, 1)
        if id ~= nil then
            return case_step(id, "operator", 1, '{"action": "file", "note": "soak"}')
        end
        family = "cases"
    end
    local entry = next_entry(family)
    if family == "reports" or family == "open311" then
        return write_request(entry)
    end
    return wrk.format(entry.method, entry.path, entry.headers, entry.body)
end

function response(status, headers, body)
    if status >= 500 then c5 = c5 + 1
    elseif status >= 400 then c4 = c4 + 1
    elseif status >= 300 then c3 = c3 + 1
    elseif status >= 200 then c2 = c2 + 1
    else c1 = c1 + 1 end
    if status == 201 and headers["Idempotent-Replayed"] == nil then
        local id = string.match(body, '^{"case": {"duplicate_of": null, "id": (%d+), "state": "reported"}')
        if id ~= nil then
            table.insert(to_file, id)
        end
    elseif status == 200 then
        local id = string.match(body, '^{"id": (%d+), "code": "[^"]*", "state": "filed"')
        if id ~= nil then
            table.insert(to_dispatch, id)
        end
    end
end

function done(summary, latency, requests)
    local totals = {0, 0, 0, 0, 0}
    for _, thread in ipairs(threads) do
        for class = 1, 5 do
            totals[class] = totals[class] + thread:get("c" .. class)
        end
    end
    io.write(string.format("status 1xx %d 2xx %d 3xx %d 4xx %d 5xx %d\n", totals[1], totals[2], totals[3], totals[4],
        totals[5]))
    io.write(string.format("latency_p50_us %d\nlatency_p95_us %d\nlatency_p99_us %d\n", latency:percentile(50),
        latency:percentile(95), latency:percentile(99)))
end
