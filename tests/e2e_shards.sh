#!/usr/bin/env bash
# End-to-end for shards: `add --shard K/N`, `merge`, `join`, and shards
# searched together, local (--db A --db B, stub files) and remote (real
# xapian-tcpsrv processes on 127.0.0.1, started and stopped here), compared
# with the merged index on the benchmark's query classes: the same hits,
# scores, totals, facets and extracts. Then operations: a shard killed
# during a session, a shard restarted, a commit on a served shard, and
# each bad input's one line.
# Usage: e2e_shards.sh HRDEX_INDEX HRDEX_QUERY PROJECT_DIR
set -uo pipefail
index=$1 query=$2 project=$3
source "$(dirname "$0")/e2e_lib.sh"
tcpsrv=$(command -v xapian-tcpsrv) || { echo "e2e_shards: xapian-tcpsrv missing (Debian's xapian-tools; scripts/deps installs it)"; exit 1; }

servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill -- -"$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# serve PORT DB: xapian-tcpsrv in a process group of its own (it forks a
# child per connection), so that stopping it stops every connection too;
# waits until it accepts connections. Sets $served to its group id.
serve() {
  setsid "$tcpsrv" --quiet --interface 127.0.0.1 --port "$1" "$2" >"$tmp/tcpsrv-$1.log" 2>&1 &
  served=$!
  servers+=("$served")
  for _ in $(seq 50); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "  xapian-tcpsrv on port $1 did not start"; cat "$tmp/tcpsrv-$1.log"; return 1
}
stop() { kill -- -"$1" 2>/dev/null; wait "$1" 2>/dev/null; }

docs=("$project/corpus/documents" "$project/tests/data/query" "$project/tests/data/understand")
mkdir -p "$tmp/files" && cp -r "${docs[@]}" "$tmp/files/"

# --- Building in shards ---------------------------------------------------
"$index" add -q --db "$tmp/whole" "$tmp/files" >/dev/null 2>&1
check "whole index built" status_is $? 0
for k in 1 2 3; do
  "$index" add -q --db "$tmp/s$k" --shard "$k/3" "$tmp/files" >"$tmp/add$k.out" 2>&1
  check "shard $k/3 built" status_is $? 0
done
docs_of() { "$index" stats --json --db "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])'; }
whole_docs=$(docs_of "$tmp/whole")
check "each file in exactly one shard" [ "$(( $(docs_of "$tmp/s1") + $(docs_of "$tmp/s2") + $(docs_of "$tmp/s3") ))" = "$whole_docs" ]
check "add names the other shards' files" contains "$(cat "$tmp/add1.out")" "other shards'"
out=$("$index" add -q --db "$tmp/s1" --shard 2/3 "$tmp/files" 2>&1); st=$?
check "a shard takes only its own K/N" status_is $st 2
check "  and says which it is" contains "$out" "this index is shard 1/3; add to it with --shard 1/3"
for bad in 3/2 0/2 2 a/b; do
  out=$("$index" add -q --db "$tmp/bad" --shard "$bad" "$tmp/files" 2>&1); st=$?
  check "--shard $bad refused" status_is $st 2
  check "  in one line" [ "$(wc -l <<<"$out")" = 1 ]
done
check "--shard 3/2 says why" contains "$("$index" add --db "$tmp/bad" --shard 3/2 x 2>&1)" "K must be between 1 and N (2)"

# Responses across shards: each shard answers for the others' addenda.
for k in 1 2 3; do
  others=()
  for j in 1 2 3; do [[ $j != "$k" ]] && others+=("$tmp/s$j"); done
  "$index" join --db "$tmp/s$k" "${others[@]}" >/dev/null
  check "join shard $k" status_is $? 0
done

# --- Merge -----------------------------------------------------------------
out=$("$index" merge --db "$tmp/merged" "$tmp/s1" "$tmp/s2" "$tmp/s3" 2>&1); st=$?
check "merge" status_is $st 0
check "merge reports" contains "$out" "merged 3 shards"
check "merged holds every document" [ "$(docs_of "$tmp/merged")" = "$whole_docs" ]
check "merged has its columns" test -f "$tmp/merged/hrdex-columns.bin"
check "merged is no shard" [ -z "$(xapian-metadata get "$tmp/merged" hrdex.shard)" ]
for q in 'response:supported' 'response:noted' 'unit:recommendation' 'torture' 'theme:housing'; do
  check "merged = whole: $q" [ "$("$query" count --db "$tmp/merged" "$q")" = "$("$query" count --db "$tmp/whole" "$q")" ]
done

# A report in one shard, its addendum in another: the merge joins them.
"$index" add -q --db "$tmp/r" "$project/corpus/documents/upr-wg-report-sample.txt" >/dev/null 2>&1
"$index" add -q --db "$tmp/a" "$project/corpus/documents/upr-addendum-sample.html" >/dev/null 2>&1
"$index" merge --db "$tmp/ra" "$tmp/r" "$tmp/a" >"$tmp/ra.out" 2>&1
check "merge joins responses across shards" contains "$(cat "$tmp/ra.out")" "reports joined across shards 1"
check "  the report's units carry them" [ "$("$query" count --db "$tmp/ra" response:supported)" -gt 0 ]
"$index" add -q --db "$tmp/ra1" "$project/corpus/documents/upr-wg-report-sample.txt" \
  "$project/corpus/documents/upr-addendum-sample.html" >/dev/null 2>&1
check "  as one index would" [ "$("$query" count --db "$tmp/ra" response:supported)" = \
                                 "$("$query" count --db "$tmp/ra1" response:supported)" ]
check "  unjoined shards lack them" [ "$("$query" count --db "$tmp/r" --db "$tmp/a" response:supported)" = 0 ]
"$index" join --db "$tmp/r" "$tmp/a" >/dev/null
check "  join gives them to the shard" [ "$("$query" count --db "$tmp/r" --db "$tmp/a" response:supported)" = \
                                           "$("$query" count --db "$tmp/ra" response:supported)" ]

# Duplicates across shards: reported by stats and merge; merge keeps one.
cp "$project/corpus/documents/treaty-co-sample.html" "$tmp/copy-of-co.html"
"$index" add -q --db "$tmp/d" "$tmp/copy-of-co.html" >/dev/null 2>&1
out=$("$index" stats --db "$tmp/merged" --db "$tmp/d")
check "stats over shards counts both" contains "$out" "documents: $((whole_docs + 1))"
check "stats names the copy" contains "$out" "duplicates across shards: 1"
out=$("$index" merge --db "$tmp/md" "$tmp/merged" "$tmp/d" 2>&1)
check "merge reports the copy" contains "$out" "duplicate: $tmp/copy-of-co.html"
check "merge keeps one" [ "$(docs_of "$tmp/md")" = "$whole_docs" ]

# Refusals, one line each naming the shard.
"$index" add -q --db "$tmp/othertax" --taxonomy "$project/corpus/taxonomies/themes.toml" \
  "$project/corpus/documents/treaty-co-sample.html" >/dev/null 2>&1
out=$("$index" merge --db "$tmp/never" "$tmp/s1" "$tmp/othertax" 2>&1); st=$?
check "other taxonomies refused" status_is $st 2
check "  naming the shard" contains "$out" "$tmp/othertax: tagged with other taxonomies than $tmp/s1"
check "  nothing written" test ! -e "$tmp/never"
cp -r "$tmp/d" "$tmp/old"
xapian-metadata set "$tmp/old" hrdex.schema_version 4
out=$("$index" merge --db "$tmp/never" "$tmp/s1" "$tmp/old" 2>&1); st=$?
check "other schema version refused" status_is $st 2
check "  naming the shard" contains "$out" "$tmp/old: index was written with hrdex schema version 4"
out=$("$index" merge --db "$tmp/never" "$tmp/s1" "$tmp/s1" 2>&1); st=$?
check "the same shard twice refused" contains "$out" "is shard 1/3, as $tmp/s1 is"
out=$("$index" merge --db "$tmp/merged" "$tmp/s1" 2>&1); st=$?
check "merge never overwrites" contains "$out" "already exists"

# --- Searching shards together ---------------------------------------------
# compare NAME ARGS...: search output (JSON Lines with facets, scores) over
# the merged index and over the shards given by SHARDS, equal.
# With SETS=1, only the matches as a set, their total and facets: a
# wildcard's weight is Xapian's estimate of how many documents its words
# match, and over shards Xapian 1.4 makes that estimate in each shard
# (OP_SYNONYM statistics are not shared), so scores and order may differ.
compare() {
  local name=$1; shift
  "$query" search --db "$tmp/merged" "$@" >"$tmp/m.out" 2>&1; local sm=$?
  "$query" search "${shards[@]}" "$@" >"$tmp/s.out" 2>&1; local ss=$?
  check "$name: $*" python3 - "$tmp/m.out" "$tmp/s.out" "$sm" "$ss" "${SETS:-0}" <<'PY'
import json, sys
m, s = open(sys.argv[1]).read(), open(sys.argv[2]).read()
sets = sys.argv[5] == "1"
if sys.argv[3] != sys.argv[4]:
    sys.exit(f"  exit {sys.argv[3]} merged, {sys.argv[4]} shards\n{s[:400]}")
def rows(text):
    out = []
    for line in text.splitlines():
        r = json.loads(line)
        r.pop("source_path", None)
        out.append(r)
    return out
a, b = rows(m), rows(s)
if sets:
    for r in a + b:
        r.pop("score", None)
    key = lambda r: json.dumps(r, sort_keys=True)
    a, b = sorted(a, key=key), sorted(b, key=key)
if len(a) != len(b):
    sys.exit(f"  {len(a)} lines merged, {len(b)} over shards")
for x, y in zip(a, b):
    sx, sy = x.pop("score", None), y.pop("score", None)
    if (sx is None) != (sy is None) or (sx is not None and abs(sx - sy) > 1e-9 * max(1, abs(sx))):
        sys.exit(f"  score {sx} merged, {sy} over shards ({x.get('id')})")
    if x != y:
        sys.exit(f"  merged:  {json.dumps(x)[:300]}\n  shards:  {json.dumps(y)[:300]}")
PY
}
queries=(torture '"national human rights institution"' 'women AND violence' 'ratif*' 'death penalty moratorium'
         'freedom NEAR/5 expression' '(migrants OR refugees) detention' 'indigenous peoples land'
         'torture state:USA' 'education year:2010..2020' 'violence theme:women' 'ratif* unit:recommendation year:2008..2012'
         'housing kind:upr-wg-report' 'children by:FRA' 'detention state:USA' 'unit:recommendation'
         'kind:upr-wg-report' 'response:supported' 'year:2016..')
classes() {  # classes LABEL: every query class of the benchmark, over "${shards[@]}"
  for q in "${queries[@]}"; do
    if [[ $q == *'*'* ]]; then
      SETS=1 compare "$1 wildcard, as sets" --format json --limit 1000 --facets --fields id,text "$q"
      continue
    fi
    compare "$1 free/filtered" --format json --limit 10 "$q"
    compare "$1 faceted" --format json --limit 10 --facets "$q"
  done
  compare "$1 snippets" --format json --limit 50 --fields id,snippet,score environment
  compare "$1 paging" --format json --offset 7 --limit 9 unit:recommendation
  compare "$1 ties past the page" --format json --limit 3 recommendation
  compare "$1 collapse" --format json --collapse --limit 5 --facets recommend
  compare "$1 date" --format json --sort date --limit 8 unit:recommendation
  compare "$1 -date with words" --format json --sort -date --limit 8 rights
  compare "$1 documents" --format json --documents --limit 5 'title:report'
  for extra in "--agency doj" "--theme housing" "--state USA --theme housing"; do
    # shellcheck disable=SC2086
    "$query" extract --db "$tmp/merged" $extra --format json >"$tmp/em.json" 2>/dev/null; em=$?
    # shellcheck disable=SC2086
    "$query" extract "${shards[@]}" $extra --format json >"$tmp/es.json" 2>/dev/null; es=$?
    check "$1 extract $extra" python3 - "$tmp/em.json" "$tmp/es.json" "$em" "$es" <<'PY'
import json, sys
def load(p):
    try:
        j = json.load(open(p))
    except Exception:
        return open(p).read()
    if isinstance(j, dict):
        for k in ("indexes", "reproduce", "generated_at"):
            j.pop(k, None)
    return j
a, b = load(sys.argv[1]), load(sys.argv[2])
if sys.argv[3] != sys.argv[4] or a != b:
    sys.exit(f"  exit {sys.argv[3]}/{sys.argv[4]}\n  merged: {str(a)[:300]}\n  shards: {str(b)[:300]}")
PY
  done
  check "$1 count" [ "$("$query" count "${shards[@]}" unit:recommendation)" = "$("$query" count --db "$tmp/merged" unit:recommendation)" ]
}

shards=(--db "$tmp/s1" --db "$tmp/s2" --db "$tmp/s3")
classes "local shards"
printf '# the shards of the test index\nauto s1\n\nglass %s\n%s\n' "$tmp/s2" "$tmp/s3" >"$tmp/local.stub"
shards=(--db "$tmp/local.stub")
compare "a stub file of local shards" --format json --limit 10 --facets torture

# --- Remote shards -----------------------------------------------------------
p1=$(free_port) p2=$(free_port) p3=$(free_port)
serve "$p1" "$tmp/s1" && g1=$served
serve "$p2" "$tmp/s2" && g2=$served
serve "$p3" "$tmp/s3" && g3=$served
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$p1" "$p2" "$p3" >"$tmp/remote.stub"
shards=(--db "$tmp/remote.stub")
classes "remote shards"
printf 'remote 127.0.0.1:%s\n' "$p1" >"$tmp/r1.stub"
printf 'remote 127.0.0.1:%s\n' "$p3" >"$tmp/r3.stub"
shards=(--db "$tmp/r1.stub" --db "$tmp/s2" --db "$tmp/r3.stub")
compare "remote and local shards mixed" --format json --limit 10 --facets 'torture state:USA'
check "Xapian reads our stub file too" xapian-delve "$tmp/remote.stub"

out=$("$index" stats --db "$tmp/remote.stub")
check "stats over remote shards" contains "$out" "documents: $whole_docs"
check "  per shard" contains "$out" "shard remote 127.0.0.1:$p2 (2/3)"

# A shard stopped: named, and the search fails; --skip-missing answers
# from the rest and says so.
stop "$g2"
out=$("$query" search --db "$tmp/remote.stub" torture 2>&1); st=$?
check "a shard down fails the search" status_is $st 2
check "  naming it" contains "$out" "remote 127.0.0.1:$p2"
check "  as not listening" contains "$out" "nothing is listening there"
check "  in one line" [ "$(wc -l <<<"$out")" = 1 ]
out=$("$query" search --db "$tmp/remote.stub" --skip-missing --format json --limit 100 unit:recommendation 2>"$tmp/err")
check "--skip-missing answers from the rest" [ "$(wc -l <<<"$out")" = \
  "$(( $("$query" count --db "$tmp/s1" unit:recommendation) + $("$query" count --db "$tmp/s3" unit:recommendation) ))" ]
check "  and names the missing shard" contains "$(cat "$tmp/err")" "remote 127.0.0.1:$p2"
out=$("$index" stats --db "$tmp/remote.stub" 2>&1); st=$?
check "stats with a shard down fails" status_is $st 2
out=$("$index" stats --db "$tmp/remote.stub" --skip-missing 2>&1)
check "stats --skip-missing names it" contains "$out" "missing: $tmp/remote.stub:2: shard remote 127.0.0.1:$p2"

# Restarted on its port: answers again.
serve "$p2" "$tmp/s2" && g2=$served
shards=(--db "$tmp/remote.stub")
compare "a shard restarted" --format json --limit 10 --facets torture

# A commit on a served shard: the next search sees it.
before=$("$query" count --db "$tmp/remote.stub" unit:recommendation)
printf 'Invented for the test.\n\n1. The Committee recommends that the State party ratify the sharding convention.\n' >"$tmp/new.txt"
for k in 1 2 3; do "$index" add -q --db "$tmp/s$k" --shard "$k/3" "$tmp/new.txt" >/dev/null 2>&1; done
check "a commit on a served shard is seen" [ "$("$query" count --db "$tmp/remote.stub" sharding)" -ge 1 ]
check "  and counted" [ "$("$query" count --db "$tmp/remote.stub" unit:recommendation)" -ge "$before" ]

# A remote that is not listening, a timeout, a stub naming a missing shard.
printf 'remote 127.0.0.1:%s\n' "$(free_port)" >"$tmp/nobody.stub"
out=$("$query" search --db "$tmp/nobody.stub" torture 2>&1); st=$?
check "nobody listening" status_is $st 2
check "  one clear line" [ "$(wc -l <<<"$out")" = 1 ]
check "  says so" contains "$out" "$tmp/nobody.stub:1: shard remote 127.0.0.1"
printf 'auto %s\n' "$tmp/no-such-shard" >"$tmp/missing.stub"
out=$("$query" search --db "$tmp/missing.stub" torture 2>&1); st=$?
check "a stub naming a missing shard" status_is $st 2
check "  names it" contains "$out" "$tmp/missing.stub:1: $tmp/no-such-shard: no index here"
printf 'remote nowhere\n' >"$tmp/bad.stub"
out=$("$query" search --db "$tmp/bad.stub" torture 2>&1)
check "a bad stub line" contains "$out" "$tmp/bad.stub:1: remote shard 'nowhere' is not HOST:PORT"
# A server that accepts and never answers: the timeout ends the wait.
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(5); print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' >"$tmp/mute.port" &
mute=$!
for _ in $(seq 50); do [[ -s $tmp/mute.port ]] && break; sleep 0.1; done
printf 'remote 127.0.0.1:%s\n' "$(cat "$tmp/mute.port")" >"$tmp/mute.stub"
start=$(date +%s)
out=$("$query" search --db "$tmp/mute.stub" --timeout 500 torture 2>&1); st=$?
kill "$mute" 2>/dev/null
check "a mute server times out" status_is $st 2
check "  quickly" [ $(( $(date +%s) - start )) -lt 10 ]
check "  saying so" contains "$out" "remote 127.0.0.1:$(cat "$tmp/mute.port")"

for g in "$g1" "$g2" "$g3"; do stop "$g"; done
finish e2e_shards
