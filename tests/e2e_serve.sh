#!/usr/bin/env bash
# End-to-end for the hrdex-serve program: what it says on start, its errors
# on bad arguments and a missing index (each exits 2 with one line naming the
# problem), the extract downloads against hrdex-query extract's bytes in
# every format, and a clean stop on SIGTERM.
# Usage: e2e_serve.sh HRDEX_INDEX HRDEX_QUERY HRDEX_SERVE PROJECT_DIR
set -uo pipefail
index=$1 query=$2 serve=$3 project=$4
source "$(dirname "$0")/e2e_lib.sh"
server=""
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT

"$index" add -q --db "$db" "$project/corpus/documents" "$project/tests/data/query" >/dev/null 2>&1
check "index built" status_is $? 0

out=$("$serve" --db "$tmp/none" 2>&1); st=$?
check "a missing index exits 2" status_is $st 2
check "  and says so" contains "$out" "hrdex-serve: error: $tmp/none: no index here"
# An index of another schema version is refused too (serve_test.cpp).
out=$("$serve" --db "$db" --listen 8080 2>&1); st=$?
check "a bad --listen exits 2" status_is $st 2
check "  and says the form" contains "$out" "--listen: expected HOST:PORT, as 127.0.0.1:8080"
out=$("$serve" --db "$db" --base-url 'ftp://x/' 2>&1); st=$?
check "a bad --base-url exits 2" status_is $st 2

# Started on a free loopback port; the first line gives the URL.
SOURCE_DATE_EPOCH=1700000000 "$serve" --db "$db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 100); do grep -q 'at http' "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out")
check "says where it serves" contains "$(cat "$tmp/serve.out")" "hrdex-serve: serving $db"
check "says it listens on loopback only" contains "$(cat "$tmp/serve.out")" "loopback only"
port=${url##*:}; port=${port%/}
out=$("$serve" --db "$db" --listen "127.0.0.1:$port" 2>&1); st=$?
check "a port in use exits 2" status_is $st 2
check "  and says so" contains "$out" "cannot listen on 127.0.0.1:$port"

for format in markdown html csv json; do
  curl -s -o "$tmp/served.$format" "${url}api/extract?agency=EPA&format=$format&download=1"
  SOURCE_DATE_EPOCH=1700000000 "$query" extract --db "$db" --agency EPA --format "$format" >"$tmp/cli.$format" 2>/dev/null
  check "extract $format: the same bytes as hrdex-query" cmp -s "$tmp/served.$format" "$tmp/cli.$format"
done
check "the extract is not empty" test "$(wc -c <"$tmp/cli.markdown")" -gt 500

kill -TERM "$server"; wait "$server"; st=$?
server=""
check "SIGTERM stops it cleanly" status_is $st 0
check "  and it says so" contains "$(cat "$tmp/serve.out")" "hrdex-serve: stopped"
finish e2e_serve
