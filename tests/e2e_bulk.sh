#!/usr/bin/env bash
# End-to-end crash safety of `hrdex-index add`: SIGKILL at any moment leaves
# an index that opens and a re-run completes it; a second writer is refused;
# searching works during an ingest; Ctrl-C commits what is done.
# Usage: e2e_bulk.sh HRDEX_INDEX HRDEX_QUERY
set -uo pipefail
index=$1 query=$2
source "$(dirname "$0")/e2e_lib.sh"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  umount "$tmp/full" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# 400 small documents of two numbered paragraphs each, none a duplicate.
docs="$tmp/docs"
mkdir -p "$docs"
for i in $(seq 1 400); do
  printf 'Document %d\n\n12. The State party should act on matter %d.\n\n13. It should report on matter %d.\n' \
    "$i" "$i" "$i" >"$docs/doc-$(printf %04d "$i").txt"
done

units_of() { "$query" count --db "$1" 'state OR report' 2>/dev/null; }
stats_of() { "$index" stats --db "$1" --json 2>/dev/null | grep -E '"(documents|units)"'; }

# A clean run, for comparison.
"$index" add -q --db "$tmp/clean" "$docs" >/dev/null 2>&1
clean=$(stats_of "$tmp/clean")
check "clean run indexes 400 documents" contains "$clean" '"documents": 400'

# SIGKILL early, then re-run.
"$index" add -q --jobs 2 --db "$tmp/killed" "$docs" >/dev/null 2>&1 &
pid=$!; pids+=($pid)
sleep 0.4
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
"$index" stats --db "$tmp/killed" >/dev/null 2>&1 || [ ! -d "$tmp/killed" ]
check "index opens after SIGKILL" [ $? -eq 0 ]
"$index" add -q --db "$tmp/killed" "$docs" >/dev/null 2>&1
check "re-run after SIGKILL matches a clean run" [ "$(stats_of "$tmp/killed")" = "$clean" ]

# A run that hangs on its last file (the test fault hook) stays open long
# enough to try a second writer, a search, SIGKILL and Ctrl-C against it.
cp "$docs/doc-0001.txt" "$tmp/zz-hrdex-test-hang.txt"
echo "different" >>"$tmp/zz-hrdex-test-hang.txt"
start_hung() {
  HRDEX_TEST_FAULTS=1 "$index" add -q --no-progress --jobs 2 --timeout 120 --db "$1" "$docs" "$tmp/zz-hrdex-test-hang.txt" \
    >"$tmp/hung.out" 2>&1 &
  pid=$!; pids+=($pid)
  for _ in $(seq 1 300); do  # until its 400 documents are committed
    [ "$(units_of "$1")" = 800 ] && return 0
    sleep 0.2
  done
  return 1
}

check "hung run commits its documents" start_hung "$tmp/hung"
err=$("$index" add -q --db "$tmp/hung" "$docs" 2>&1); st=$?
check "second writer exits 2" [ $st -eq 2 ]
check "second writer is told why" contains "$err" "index $tmp/hung is being written by another process"
out=$("$query" search --db "$tmp/hung" --format json --limit 1 'matter 17'); st=$?
check "search works during an ingest" [ $st -eq 0 ]
check "search finds a committed document" contains "$out" 'doc-0017.txt'
kill -9 $pid; wait $pid 2>/dev/null
check "index holds its last commit after SIGKILL" [ "$(units_of "$tmp/hung")" = 800 ]
# Its worker, hung on the last file, dies with it instead of running on.
no_worker_left() {
  for _ in $(seq 1 20); do
    pgrep -f -- "--db $tmp/hung " >/dev/null || return 0
    sleep 0.1
  done
  return 1
}
check "no worker outlives a writer killed with SIGKILL" no_worker_left
"$index" add -q --db "$tmp/hung" "$docs" >/dev/null 2>&1
check "re-run after SIGKILL adds nothing twice" [ "$(stats_of "$tmp/hung")" = "$clean" ]

check "second hung run commits its documents" start_hung "$tmp/interrupted"
kill -INT $pid; wait $pid; st=$?
check "Ctrl-C exits 130" [ $st -eq 130 ]
check "Ctrl-C says it was interrupted" contains "$(cat "$tmp/hung.out")" "interrupted"
check "Ctrl-C keeps what was done" [ "$(units_of "$tmp/interrupted")" = 800 ]

# A full disk: a clear error, exit 2, and the index keeps its last commit.
# Needs a small tmpfs, which only root can mount; skipped otherwise.
mkdir -p "$tmp/full"
if mount -t tmpfs -o size=400k tmpfs "$tmp/full" 2>/dev/null; then
  "$index" add -q --db "$tmp/full/idx" "$docs/doc-0001.txt" "$docs/doc-0002.txt" >/dev/null 2>&1
  err=$("$index" add -q --no-progress --db "$tmp/full/idx" "$docs" 2>&1); st=$?
  check "full disk exits 2" [ $st -eq 2 ]
  check "full disk is named" contains "$err" "the disk is full; the index keeps its last commit"
  check "full disk leaves the index as it was" contains "$("$index" stats --db "$tmp/full/idx" --json)" '"documents": 2'
  umount "$tmp/full"
else
  echo "e2e_bulk: full-disk check skipped (cannot mount a tmpfs here)"
fi

finish e2e_bulk
