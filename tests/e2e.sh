#!/usr/bin/env bash
# End-to-end: runs the real hrdex-index and hrdex-query on the bundled
# corpus into a temporary index and checks hits, JSON fields and exit codes.
# Usage: e2e.sh HRDEX_INDEX HRDEX_QUERY PROJECT_DIR
set -uo pipefail
index=$1 query=$2 project=$3
corpus="$project/corpus/documents"
source "$(dirname "$0")/e2e_lib.sh"

# Indexing the corpus succeeds.
out=$("$index" add --db "$db" "$corpus" 2>"$tmp/err"); st=$?
check "add corpus exits 0" status_is $st 0
check "add reports what it did" contains "$out" "indexed 4 files"

# Adding it again replaces, never duplicates.
before=$("$index" stats --db "$db" --json)
"$index" add -q --db "$db" "$corpus" >/dev/null 2>&1
after=$("$index" stats --db "$db" --json)
check "re-adding changes no counts" [ "$before" = "$after" ]
check "stats counts four documents" contains "$after" '"documents": 4'

# The founding letter's paragraph on Working Group 3.
out=$("$query" search --db "$db" indigenous working group); st=$?
check "search exits 0 on a hit" status_is $st 0
check "letter found" contains "$out" "us-civil-society-follow-up-letter-2016-03-02.txt"
check "snippet marks matches" contains "$out" "[Working] [Group] 3"

# JSON Lines with the contract's fields, parsed back.
"$query" search --db "$db" --format json --limit 5 ratify >"$tmp/hits.jsonl"; st=$?
check "json search exits 0" status_is $st 0
check "json fields" python3 - "$tmp/hits.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no hits"
for line in lines:
    hit = json.loads(line)
    for field in ("id", "level", "doc_kind", "unit_kind", "symbol", "title", "number", "page",
                  "text", "snippet", "source_path", "score"):
        assert field in hit, field
    assert hit["level"] == "unit", hit["level"]
first = json.loads(lines[0])
assert first["number"] == "92.1", first["number"]
assert "<b>Ratify</b>" in first["snippet"], first["snippet"]
PY

# Count is exact and agrees with search.
n=$("$query" count --db "$db" 'homelessness OR indigenous')
check "count is a number" grep -Eqx '[0-9]+' <<<"$n"
out=$("$query" search --db "$db" --format json --limit 1000 'homelessness OR indigenous' | wc -l)
check "count equals the hits" [ "$n" = "$out" ]

# A filter.
out=$("$query" search --db "$db" 'racial profiling format:html'); st=$?
check "filtered search" status_is $st 0
check "filter keeps the html hit" contains "$out" "treaty-co-sample.html"
out=$("$query" search --db "$db" 'racial profiling format:pdf'); st=$?
check "no match exits 1" status_is $st 1

# Bad input: one clear line each, and the right exit status.
err=$("$query" search --db "$db" 'housing "right to' 2>&1 >/dev/null); st=$?
check "unbalanced quote exits 2" status_is $st 2
check "unbalanced quote names the position" contains "$err" "query:9: unbalanced"
err=$("$query" search --db "$db" '(housing OR water' 2>&1 >/dev/null); st=$?
check "unbalanced parenthesis exits 2" status_is $st 2
check "unbalanced parenthesis message" contains "$err" "query:1: unbalanced '('"

err=$("$index" add --db "$db" "$tmp/does-not-exist.txt" 2>&1); st=$?
check "missing path exits 1" status_is $st 1
check "missing path named" contains "$err" "$tmp/does-not-exist.txt: no such file or directory"

: >"$tmp/empty.txt"
printf '\x00\x01\x02binary\x00' >"$tmp/blob.txt"
mkdir -p "$tmp/mixed" && cp "$corpus/upr-wg-report-sample.txt" "$tmp/mixed/" && cp "$tmp/empty.txt" "$tmp/blob.txt" "$tmp/mixed/"
err=$("$index" add --db "$tmp/idx2" "$tmp/mixed" 2>&1); st=$?
check "bulk run with bad files exits 1" status_is $st 1
check "empty file named" contains "$err" "$tmp/mixed/empty.txt: empty file"
check "binary file named" contains "$err" "$tmp/mixed/blob.txt: not a supported document format"
check "the good file is still indexed" contains "$err" "indexed 1 file"

printf 'x' >"$tmp/file-not-db"
err=$("$index" add --db "$tmp/file-not-db" "$corpus" 2>&1); st=$?
check "db that is a file exits 2" status_is $st 2
check "db that is a file named" contains "$err" "$tmp/file-not-db: index path is not a directory"
err=$("$query" search --db "$tmp/nowhere" housing 2>&1); st=$?
check "missing index exits 2" status_is $st 2
check "missing index named" contains "$err" "$tmp/nowhere: no index here"

# Remove.
out=$("$query" count --db "$db" 'cumulative impact')
check "document found before removal" [ "$out" = 1 ]
"$index" remove --db "$db" "$corpus/treaty-co-sample.html" >/dev/null; st=$?
check "remove exits 0" status_is $st 0
out=$("$query" count --db "$db" 'cumulative impact')
check "removed document no longer found" [ "$out" = 0 ]

finish e2e
