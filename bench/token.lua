-- wrk script: code exchanges at the token endpoint, one code each (a code
-- is single use). The codes come from bench/oidc_codes.js, in the file
-- BENCH_CODES; each thread takes every n-th line. A thread that has used
-- its codes stops, and wrk's rate is over the time the threads ran.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BENCH_BASIC")
local verifier = os.getenv("BENCH_VERIFIER")
local redirect = os.getenv("BENCH_REDIRECT")
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
    thread:set("n", 0)
end

function init(args)
    local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
    codes = {}
    local i = 0
    for line in io.lines(os.getenv("BENCH_CODES")) do
        if i % nthreads == id - 1 then
            codes[#codes + 1] = line
        end
        i = i + 1
    end
    at = 0
end

function request()
    at = at + 1
    if at > #codes then
        wrk.thread:stop()
        at = #codes
    end
    return wrk.format(nil, nil, nil, "grant_type=authorization_code&code=" .. codes[at] ..
        "&redirect_uri=" .. redirect .. "&code_verifier=" .. verifier)
end
