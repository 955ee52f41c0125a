#!/usr/bin/env bash
# End-to-end for hrdex-query's researcher features: every filter, facets,
# collapse, sort, each output format parsed back, similar, extract in each
# format, help, and every error message, over corpus/ and tests/data/query.
# Usage: e2e_query.sh HRDEX_INDEX HRDEX_QUERY PROJECT_DIR
set -uo pipefail
index=$1 query=$2 project=$3
source "$(dirname "$0")/e2e_lib.sh"
positive() { [[ $1 =~ ^[0-9]+$ && $1 -gt 0 ]] || { echo "  expected a positive count, got '$1'"; return 1; }; }

"$index" add -q --db "$db" "$project/corpus/documents" "$project/tests/data/query" >/dev/null 2>&1
check "index built" status_is $? 0

# Every filter selects something in the fixtures and agrees with count.
for f in 'unit:recommendation' 'kind:upr-wg-report' 'kind:treaty-co' 'body:cerd' 'state:USA' \
         'state:"United States of America"' 'by:France' 'by:NOR' 'response:supported' 'lang:en' \
         'format:html' 'symbol:a/hrc/99/11' 'section:recommendations'; do
  check "filter $f" positive "$(count "$f")"
done
check "filters are case-insensitive" [ "$(count 'kind:UPR-WG-REPORT')" = "$(count 'kind:upr-wg-report')" ]
check "an unmatched filter counts 0" [ "$(count 'pollution by:ZWE')" = 0 ]
check "filter title: (documents)" positive "$(count --documents 'title:concluding')"
check "NEAR" positive "$(count 'environmental NEAR/2 pollution')"
check "ADJ keeps the order" [ "$(count 'pollution ADJ/2 environmental')" = 0 ]
check "wildcard" positive "$(count 'ratif*')"
check "synonym ICESCR finds the covenant" positive "$(count ICESCR)"
check "--no-synonyms turns them off" [ "$("$query" count --db "$db" --no-synonyms ICESCR)" = 0 ]
printf '# mine\nplanet | environmental pollution\n' >"$tmp/syn.txt"
check "--synonyms FILE adds a group" positive "$("$query" count --db "$db" --synonyms "$tmp/syn.txt" planet)"

# Facets over all matches, in every format.
out=$("$query" search --db "$db" --limit 1 --facets unit:recommendation); st=$?
check "facets exit 0" status_is $st 0
check "text facets" contains "$out" "Facets (over all matches)"
check "text facet by NOR" contains "$out" "NOR (3)"
"$query" search --db "$db" --limit 1 --facets --format json unit:recommendation >"$tmp/f.jsonl"
total=$(count unit:recommendation)
check "json facets count every match" python3 - "$tmp/f.jsonl" "$total" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 2, lines
facets = lines[-1]["facets"]
assert lines[-1]["total"] == int(sys.argv[2])
unit = {v["value"]: v["count"] for v in facets["unit"]}
assert unit == {"recommendation": int(sys.argv[2])}, unit
assert sum(v["count"] for v in facets["kind"]) == int(sys.argv[2])
PY

# CSV parsed back: header, quoting, --fields, facets table.
"$query" search --db "$db" --limit 100 --format csv --fields id,symbol,number,recommending_states,text \
  'pollution' >"$tmp/hits.csv"; st=$?
check "csv exits 0" status_is $st 0
check "csv parses with the chosen columns" python3 - "$tmp/hits.csv" "$(count pollution)" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["id", "symbol", "number", "recommending_states", "text"], rows[0]
assert len(rows) - 1 == int(sys.argv[2]), (len(rows), sys.argv[2])
numbers = {r[2] for r in rows[1:]}
assert {"92.6", "80.1", "70.1"} <= numbers, numbers
assert any("NOR" in r[3] for r in rows[1:])
PY
"$query" search --db "$db" --format csv --facets --fields id pollution >"$tmp/facets.csv"
check "csv facets follow as a second table" python3 - "$tmp/facets.csv" <<'PY'
import csv, io, sys
text = open(sys.argv[1], newline="").read()
hits, facets = text.split("\r\n\r\n")
rows = list(csv.reader(io.StringIO(facets)))
assert rows[0] == ["facet", "value", "label", "count"], rows[0]
assert any(r[0] == "by" and r[1] == "NOR" for r in rows[1:]), rows
# Tag facets carry the taxonomy's label beside the id; other facets none.
themes = [r for r in rows[1:] if r[0] == "theme"]
assert themes and all(r[2] for r in themes), themes
assert all(r[2] == "" for r in rows[1:] if r[0] in ("by", "kind", "year")), rows
PY
out=$("$query" search --db "$db" --format markdown --fields symbol,number,snippet pollution)
check "markdown heading" contains "$out" "matches for \`pollution\`"
check "markdown field" contains "$out" "- **number**: 80.1"
check "markdown snippet in bold" contains "$out" "**pollution**"
"$query" search --db "$db" --format json --limit 100 pollution >"$tmp/all.jsonl"
check "json carries every field of the table" python3 - "$tmp/all.jsonl" <<'PY'
import json, sys
hit = json.loads(open(sys.argv[1]).readline())
for f in ("id", "level", "doc_kind", "unit_kind", "symbol", "number", "page", "text", "snippet", "state",
          "recommending_states", "response", "date", "cycle", "body", "themes", "working_groups", "agencies", "score"):
    assert f in hit, f
PY

# Collapse and sort.
"$query" search --db "$db" --collapse --limit 100 --format json --fields document_id unit:recommendation >"$tmp/c.jsonl"
check "collapse: one hit per document" [ "$(sort "$tmp/c.jsonl" | uniq -d | wc -l)" = 0 ]
check "collapse: several documents" [ "$(wc -l <"$tmp/c.jsonl")" -ge 3 ]
"$query" search --db "$db" --sort=-date --limit 100 --format csv --fields date unit:recommendation | tail -n +2 | tr -d '"\r' >"$tmp/d"
check "sort -date is descending" cmp -s "$tmp/d" <(sort -r "$tmp/d")
"$query" search --db "$db" --sort date --limit 100 --format csv --fields date unit:recommendation | tail -n +2 | tr -d '"\r' >"$tmp/d"
check "sort date is ascending" cmp -s "$tmp/d" <(sort "$tmp/d")
n1=$("$query" search --db "$db" --format json --fields id --limit 2 --offset 1 unit:recommendation | head -1)
n2=$("$query" search --db "$db" --format json --fields id --limit 3 unit:recommendation | sed -n 2p)
check "offset skips" [ "$n1" = "$n2" ]

# Did you mean.
out=$("$query" search --db "$db" 'disproportionate polution'); st=$?
check "misspelt query exits 1" status_is $st 1
check "did you mean" contains "$out" "Did you mean: disproportionate pollution"
err=$("$query" search --db "$db" --format json 'disproportionate polution' 2>&1 >/dev/null)
check "did you mean on stderr for json" contains "$err" "did you mean: disproportionate pollution"

# Similar: the repeated recommendation across the fixture pair and the sample.
id=$("$query" search --db "$db" --format json --fields id '"toxic waste"' | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
"$query" search --db "$db" --format json --fields id --limit 1 '"toxic waste"' >/dev/null
out=$("$query" similar --db "$db" --limit 2 --format csv --fields symbol,number "$id"); st=$?
check "similar exits 0" status_is $st 0
check "similar finds the cycle-b repeat" contains "$out" '"A/HRC/96/9","70.1"'
check "similar finds the sample's repeat" contains "$out" '"A/HRC/99/11","92.6"'
out=$("$query" similar --db "$db" --format csv --fields id --limit 100 "$id")
check "similar excludes the unit itself" bash -c "! grep -qF '$id' <<<'$out'"
out=$("$query" similar --db "$db" --format csv --fields symbol --limit 100 "$id" kind:treaty-co)
check "similar with a filter" contains "$out" "CERD/C/USA/CO/99-101"

# Extract in every format.
for fmt in markdown html csv json; do
  "$query" extract --db "$db" --format $fmt -o "$tmp/x.$fmt" disproportionate pollution 2>"$tmp/x.err"; st=$?
  check "extract $fmt exits 0" status_is $st 0
done
check "extract markdown title and reproduce line" python3 - "$tmp/x.markdown" <<'PY'
import sys
t = open(sys.argv[1]).read()
assert t.startswith("# Recommendations matching disproportionate pollution"), t[:80]
assert "--format markdown -o" in t and "disproportionate pollution" in t
assert "A/HRC/96/9, para. 70.1" in t and "A/HRC/97/14, para. 80.1" in t
PY
check "extract html is escaped and self-contained" python3 - "$tmp/x.html" <<'PY'
import sys
t = open(sys.argv[1]).read()
assert t.startswith("<!DOCTYPE html>") and "<svg" in t and "<script" not in t
PY
check "extract csv parses" python3 - "$tmp/x.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows, "no rows"
assert {r["number"] for r in rows} >= {"92.6", "80.1", "70.1"}
assert len({r["entry"] for r in rows if r["number"] in ("92.6", "80.1", "70.1")}) <= len({r["theme"] for r in rows})
PY
check "extract json parses" python3 - "$tmp/x.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
assert e["units"] == 3, e["units"]
assert e["query"].startswith("unit:recommendation")
sources = [s for g in e["groups"] for en in g["entries"] for s in en["sources"]]
assert {s["number"] for s in sources} == {"92.6", "80.1", "70.1"}
merged = [en for g in e["groups"] for en in g["entries"] if len(en["sources"]) == 3]
assert merged, "the three repeats are one entry"
PY
out=$("$query" extract --db "$db" --state USA --format markdown 2>/dev/null); st=$?
check "extract --state exits 0" status_is $st 0
check "extract --state title" contains "$out" "# Recommendations to USA"
out=$("$query" extract --db "$db" --state ZWE --format json 2>"$tmp/err"); st=$?
check "empty extract exits 1" status_is $st 1
check "empty extract says so" contains "$(cat "$tmp/err")" "no recommendation matched"

# Help.
out=$("$query" help syntax); st=$?
check "help syntax exits 0" status_is $st 0
check "help syntax lists NEAR" contains "$out" "NEAR/5"
check "help syntax lists synonyms" contains "$out" "--synonyms FILE"

# Every error message, with exit status 2.
expect_error() {  # expect_error NAME EXPECTED-TEXT ARGS...
  local name=$1 want=$2; shift 2
  local err st
  err=$("$query" "$@" 2>&1 >/dev/null); st=$?
  check "$name exits 2" status_is $st 2
  check "$name message" contains "$err" "$want"
}
expect_error "unknown field" "query:9: unknown field 'thme:'; did you mean 'theme:'?" search --db "$db" 'housing thme:water'
expect_error "dangling field" "query:9: field 'state:' has no value" search --db "$db" 'housing state:'
expect_error "unknown --fields" "--fields: unknown field 'nmber'; valid fields: id, level" search --db "$db" --fields id,nmber x
expect_error "unknown format" "--format" search --db "$db" --format xml x
expect_error "unknown sort" "--sort" search --db "$db" --sort size x
expect_error "similar unknown id" "nope: no unit or document with this id in the index" similar --db "$db" nope
expect_error "extract without a selection" "say what to extract" extract --db "$db"
expect_error "extract bad format" "--format" extract --db "$db" --format pdf --agency EPA
expect_error "extract unwritable output" "cannot write the extract" extract --db "$db" -o "$tmp/no/such/dir/x.md" pollution
expect_error "missing synonyms file" "$tmp/none.txt: cannot read synonyms file" search --db "$db" --synonyms "$tmp/none.txt" x
printf 'CRC\n' >"$tmp/bad-syn.txt"
expect_error "bad synonyms file" "$tmp/bad-syn.txt:1: a group needs at least two forms" search --db "$db" --synonyms "$tmp/bad-syn.txt" x
expect_error "unknown help topic" "topic" help colours
expect_error "empty query" "empty query" search --db "$db" ' '
expect_error "unbalanced quote" "query:9: unbalanced '\"'" search --db "$db" 'housing "right to'

finish e2e_query
