-- wrk script: real logins (form POST with the CSRF cookie and token), each
-- to one of the bench's accounts bench2..benchN@example.org (N from
-- BENCH_ACCOUNTS; they share Maria's password), picked at random: the
-- throttle counts attempts in flight per account (core/throttle.h), and 16
-- at once on one account would be refused as a guessing attack.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
local csrf = os.getenv("BENCH_CSRF")
local last = tonumber(os.getenv("BENCH_ACCOUNTS") or "1000")
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end

function init(args)
    math.randomseed(os.time() * 100 + id)
end

function request()
    local n = math.random(2, last)
    return wrk.format(nil, nil, nil,
        "csrf=" .. csrf .. "&username=bench" .. n .. "%40example.org&password=Segreta2024")
end
