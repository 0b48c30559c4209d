# Sourced by bench/run and bench/instructions: the people a benchmark asks
# as. Both functions read URL (the server), BIN (varco) and dir (its data
# folder, where they keep their files) and set shell variables.

# bench_sign_in: Maria registers and signs in, as a browser does. Sets
# session (her session cookie's value) and signed_in (the Cookie header a
# signed-in browser sends: the session and the CSRF cookie it has had since
# the login form; without the latter every /area would mint a new one,
# which only a first visit does).
bench_sign_in() {
    local jar=$dir/jar csrf
    csrf=$(curl -s -c "$jar" "$URL/registrazione" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null "$URL/registrazione" --data-urlencode "csrf=$csrf" \
        -d matricola=100001 -d codice_fiscale=RSSMRA80A41F205B --data-urlencode email=maria.rossi@example.org \
        -d password=Segreta2024 -d password_confirm=Segreta2024 -d privacy=on
    # registration opens no session (it answers the same for everyone): sign in
    csrf=$(curl -s -b "$jar" -c "$jar" "$URL/accedi" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null "$URL/accedi" --data-urlencode "csrf=$csrf" \
        --data-urlencode username=maria.rossi@example.org -d password=Segreta2024
    session=$(awk '$6 == "varco_session" {print $7}' "$jar")
    signed_in="Cookie: $(awk '$6 == "varco_session" || $6 == "varco_csrf" {printf "%s=%s; ", $6, $7}' "$jar")"
}

# bench_relying_party: a first-party OpenID Connect client, Maria at full
# access (after bench_sign_in), one code exchanged for an access token (it
# lives 5 minutes). Sets REDIRECT, cid, verifier, basic (the client's
# Authorization header) and access.
bench_relying_party() {
    local csec
    sqlite3 -cmd ".timeout 5000" "$dir/varco.db" "UPDATE accounts SET level = 'full', step = '',
        state = 'active', email_confirmed = 1 WHERE username = 'maria.rossi@example.org';"
    REDIRECT=http://127.0.0.1:9/cb
    "$BIN" clients add "Bench" --redirect "$REDIRECT" --first-party >"$dir/client.txt"
    cid=$(awk '/^client_id:/ {print $2}' "$dir/client.txt")
    csec=$(awk '/^client_secret:/ {print $2}' "$dir/client.txt")
    verifier=$(head -c 48 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
    basic="Basic $(printf '%s:%s' "$cid" "$csec" | base64 -w0)"
    node bench/oidc_codes.js "$URL" "$session" "$cid" "$REDIRECT" "$verifier" 1 >"$dir/code1"
    access=$(curl -s -H "Authorization: $basic" -d grant_type=authorization_code -d "code=$(cat "$dir/code1")" \
        --data-urlencode "redirect_uri=$REDIRECT" -d "code_verifier=$verifier" "$URL/oidc/token" |
        sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
}
