#!/usr/bin/env bash
# End-to-end for tags: the real hrdex-index and hrdex-query on the bundled
# corpus with the default taxonomies, then with edited ones (retag), a
# labels file (learn, evaluate), a broken taxonomy, and show --why.
# Usage: e2e_tags.sh HRDEX_INDEX HRDEX_QUERY PROJECT_DIR
set -uo pipefail
index=$1 query=$2 project=$3
corpus="$project/corpus/documents"
source "$(dirname "$0")/e2e_lib.sh"

# A broken taxonomy: exit 2, file:line, nothing indexed.
printf '[taxonomy]\nid = "broken"\nkind = "themes"\n\n[[tag]]\nid "x"\n' >"$tmp/broken.toml"
"$index" add --db "$tmp/never" --taxonomy "$tmp/broken.toml" "$corpus" >/dev/null 2>"$tmp/err"; st=$?
check "broken taxonomy exits 2" status_is $st 2
check "broken taxonomy error names file:line" contains "$(cat "$tmp/err")" "hrdex-index: error: $tmp/broken.toml:6"
check "broken taxonomy indexes nothing" [ ! -e "$tmp/never" ]

# The default taxonomies, from the source tree.
"$index" add -q --db "$db" "$corpus" >/dev/null 2>"$tmp/err"; st=$?
check "add with default taxonomies exits 0" status_is $st 0
check "theme filter by label finds units" [ "$(count 'theme:"Right to adequate housing"')" -gt 0 ]
check "theme filter by id agrees with label" [ "$(count 'theme:housing')" = "$(count 'theme:"Right to adequate housing"')" ]
check "agency filter by abbreviation" [ "$(count 'agency:EPA')" -gt 0 ]
check "working group by alias" [ "$(count 'wg:"Working Group 3"')" -gt 0 ]
check "rule tags are selectable by source" [ "$(count 'tagsource:rule')" -gt 0 ]
check "no learned tags before learning" [ "$(count 'tagsource:learned')" = 0 ]

# JSON carries every tag kind with its source.
"$query" search --db "$db" --format json --limit 1 'agency:EPA' >"$tmp/hit.json"; st=$?
check "tag search exits 0" status_is $st 0
hit=$(cat "$tmp/hit.json")
for field in '"themes":' '"working_groups":' '"agencies":' '"issues":' '"affected_persons":' '"sdgs":'; do
  check "json has $field" contains "$hit" "$field"
done
check "json agency with source" contains "$hit" '"id":"epa"'
if command -v python3 >/dev/null; then
  check "json parses and every tag has a source" python3 -c '
import json, sys
h = json.loads(open(sys.argv[1]).readline())
tags = h["themes"] + h["issues"] + h["working_groups"] + h["agencies"]
assert tags and all(t["source"] in ("human", "rule", "learned", "both") for t in tags), tags
' "$tmp/hit.json"
fi

# show --why: the unit, its context, the evidence.
id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$tmp/hit.json")
out=$("$query" show --db "$db" --why "$id"); st=$?
check "show exits 0" status_is $st 0
check "show prints the document context" contains "$out" "Document:  "
check "show --why prints evidence" contains "$out" "because: "
out=$("$query" show --db "$db" "$id")
check "show without --why prints no evidence" lacks "$out" "because: "
"$query" show --db "$db" no-such-id >/dev/null 2>"$tmp/err"; st=$?
check "show of an unknown id exits 2" status_is $st 2

# retag after editing a taxonomy: a tag appears and one disappears.
mkdir -p "$tmp/tax"
cp "$project"/corpus/taxonomies/*.toml "$tmp/tax/"
"$index" retag --db "$db" --taxonomy-dir "$tmp/tax" >"$tmp/out" 2>"$tmp/err"; st=$?
check "retag exits 0" status_is $st 0
check "retag reports its time" contains "$(cat "$tmp/out")" "retagged "
cp "$tmp/tax/us-agencies.toml" "$tmp/us-agencies.orig"
printf '\n[[tag]]\nid = "zz-test-agency"\nlabel = "Test agency"\nwords = ["indigenous"]\n' >>"$tmp/tax/us-agencies.toml"
"$index" retag --db "$db" >/dev/null 2>"$tmp/err"; st=$?
check "retag with the stored taxonomy folder exits 0" status_is $st 0
check "a new agency appears" [ "$(count 'agency:"Test agency"')" -gt 0 ]
cp "$tmp/us-agencies.orig" "$tmp/tax/us-agencies.toml"
"$index" retag --db "$db" >/dev/null 2>&1
"$query" count --db "$db" 'agency:zz-test-agency' >/dev/null 2>"$tmp/err"; st=$?
check "and disappears when edited out: its name is an error" status_is $st 2
check "naming the closest agencies" contains "$(cat "$tmp/err")" "no agency named 'zz-test-agency'; the closest are "

# learn + evaluate on a small labelled file.
cat >"$tmp/labels.csv" <<'CSV'
Text,Issue,To,Session
Ensure the right to adequate housing for all,Right to housing,Aland,1
Abolish the death penalty,Death penalty,Bland,1
Consult indigenous peoples on land,Indigenous peoples,Cland,2
Stop executions and abolish capital punishment,Death penalty,Dland,2
CSV
out=$("$index" learn --db "$db" --labels "$tmp/labels.csv" 2>"$tmp/err"); st=$?
check "learn exits 0" status_is $st 0
check "learn says what it stored" contains "$out" "stored 4 labelled rows of upr-info-issues from labels.csv"
check "and that four rows make no classifier" contains "$out" "fewer than 20: no classifier; its rules decide"
"$index" retag --db "$db" >/dev/null 2>&1
out=$("$index" evaluate --db "$db" --labels "$tmp/labels.csv" --taxonomy upr-info-issues 2>"$tmp/err"); st=$?
check "evaluate exits 0" status_is $st 0
check "evaluate prints micro and macro" contains "$out" "| micro P | micro R | micro F1 | macro P |"
check "evaluate says figures on learned rows are in-sample" contains "$out" "these figures are in-sample"
"$index" evaluate --db "$db" --labels "$tmp/labels.csv" --taxonomy upr-info-isues >/dev/null 2>"$tmp/err"; st=$?
check "evaluate with an unknown taxonomy exits 2" status_is $st 2
check "with a hint" contains "$(cat "$tmp/err")" "did you mean 'upr-info-issues'?"
check "stats do not count examples as units" contains "$("$index" stats --db "$db" --json)" '"documents": 4'

finish e2e_tags
