-- wrk script: a real login (form POST with the CSRF cookie and token).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.body = "csrf=" .. os.getenv("BENCH_CSRF") .. "&username=maria.rossi%40example.org&password=Segreta2024"
