#!/usr/bin/env bash
# End-to-end: the real programs on the language fixtures (tests/data/languages,
# with their English counterparts) and the scanned-PDF fixtures: language
# versions collapsed and linked, State names in other languages, follow-up
# and mandate filters, extracts naming who made each recommendation, OCR on
# and off.
# Usage: e2e_languages.sh HRDEX_INDEX HRDEX_QUERY PROJECT_DIR
set -uo pipefail
index=$1 query=$2 project=$3
data="$project/tests/data"
source "$(dirname "$0")/e2e_lib.sh"

out=$("$index" add --db "$db" "$data/languages" "$data/understand/upr-report-cycle2.txt" \
  "$data/understand/upr-addendum.txt" "$data/understand/treaty-co.txt" 2>"$tmp/err"); st=$?
check "add the languages exits 0" status_is $st 0
check "no warnings" [ ! -s "$tmp/err" ]

# 115.1 in six languages; one with --collapse-languages.
check "six versions of 115.1" [ "$(count 'by:FRA by:LTU kind:upr-wg-report')" = 6 ]
out=$("$query" search --db "$db" --collapse-languages --format csv --fields number 'by:FRA by:LTU kind:upr-wg-report')
check "--collapse-languages keeps one" [ "$(tail -n +2 <<<"$out" | tr -d '\r')" = '"115.1"' ]
out=$("$query" search --db "$db" --format json --fields language,other_languages 'by:FRA lang:fr kind:upr-wg-report')
check "other_languages" contains "$out" '"other_languages":["ar","en","es","ru","zh"]'
id=$("$query" search --db "$db" --format csv --fields document_id 'by:FRA lang:fr kind:upr-wg-report' | tail -n 1 | tr -d '"\r')
out=$("$query" show --db "$db" "$id")
check "show lists the other versions" contains "$out" "Version:   en  $data/understand/upr-report-cycle2.txt"
check "show gives the language" contains "$out" "Language:  fr"
check "a State named in French" [ "$(count 'by:Lituanie')" = 6 ]
check "a State named in Russian" [ "$(count 'by:Литва')" = 6 ]

# Treaty bodies and special procedures.
check "followup:yes" [ "$(count 'followup:yes')" = 6 ]
check "mandate:" [ "$(count 'mandate:housing unit:recommendation')" = 3 ]
id=$("$query" search --db "$db" --format csv --fields document_id 'mandate:housing lang:en' | tail -n 1 | tr -d '"\r')
check "show names the mandate" contains "$("$query" show --db "$db" "$id")" "Mandate:   Special Rapporteur on the right to adequate housing"
out=$("$query" extract --db "$db" evictions lang:en); st=$?
check "extract exits 0" status_is $st 0
check "extract names the mandate" contains "$out" "by Special Rapporteur on the right to adequate housing"
out=$("$query" search --db "$db" --format csv --fields number,lead_in 'lang:en unit:recommendation profiling')
check "sub-item cited with its lead-in" contains "$out" '"13 (a)","The State party should:"'
check "help syntax names the new filters" contains "$("$query" help syntax)" "followup:"

# OCR: on by default, off with --no-ocr.
"$index" extract --no-ocr "$data/pdf/scanned-letter.pdf" >/dev/null 2>"$tmp/err"; st=$?
check "--no-ocr leaves a scan unread" status_is $st 1
check "--no-ocr says so" contains "$(cat "$tmp/err")" "no text layer (scanned image?); OCR is off"
"$index" add -q --db "$tmp/ocr" "$data/pdf/scanned-mixed.pdf" >/dev/null 2>"$tmp/err"; st=$?
check "add reads the scan" status_is $st 0
out=$("$query" search --db "$tmp/ocr" --format json --fields page,ocr moratorium)
check "the scanned page's unit is marked" contains "$out" '{"page":2,"ocr":"yes"}'

finish e2e_languages
