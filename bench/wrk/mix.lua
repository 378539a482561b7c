-- wrk script of bench/wrk/__init__.py: GET the paths of the file named by PATHS_FILE (one a line) in turn, each
-- thread starting at its own place, and count the answers that are not 2xx (wrk's own count leaves out 3xx).
local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("start", counter)
    table.insert(threads, thread)
end

function init(args)
    paths = {}
    for line in io.lines(os.getenv("PATHS_FILE")) do
        table.insert(paths, line)
    end
    index = (start * 97) % #paths
    non2xx = 0
end

function request()
    index = index % #paths + 1
    return wrk.format("GET", paths[index])
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("non2xx")
    end
    io.write(string.format("non2xx %d\n", total))
    io.write(string.format("latency_p50_us %d\nlatency_p99_us %d\n", latency:percentile(50), latency:percentile(99)))
end
