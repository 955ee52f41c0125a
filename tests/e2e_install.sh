#!/usr/bin/env bash
# End-to-end: `cmake --install` into a temporary prefix, then, with the
# source and build trees hidden (a private mount namespace mounts an empty
# folder over them), index the bundled documents and search them with the
# installed programs alone; --version; every man page rendered by man -l and
# listing what --help lists; the bash completion; and each missing or
# unusable data folder gives one line saying what is missing and where
# hrdex looked.
# Usage: e2e_install.sh BUILD_DIR PROJECT_DIR
set -uo pipefail
build=$(cd "$1" && pwd) project=$(cd "$2" && pwd)

# Into a mount namespace of our own, where hiding a folder touches no one
# else; as root (CI) or, where the kernel allows, as a user's own root.
if [[ -z ${HRDEX_E2E_NAMESPACE:-} ]]; then
  for flags in "-m" "-r -m"; do
    # shellcheck disable=SC2086
    if unshare $flags --propagation private true 2>/dev/null; then
      HRDEX_E2E_NAMESPACE=1 exec unshare $flags --propagation private "$0" "$@"
    fi
  done
  echo "e2e_install: cannot make a mount namespace here; the trees stay visible"
  export HRDEX_E2E_NAMESPACE=none
fi

index=hrdex-index query=hrdex-query
source "$project/tests/e2e_lib.sh"
chmod 755 "$tmp"  # the unreadable-folder case runs as nobody
prefix="$tmp/prefix"
version=$(sed -nE 's/^project\(hrdex VERSION ([0-9.]+).*/\1/p' "$project/CMakeLists.txt")

# --- install -----------------------------------------------------------------
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; st=$?
check "cmake --install exits 0" status_is $st 0
for f in bin/hrdex-index bin/hrdex-query bin/hrdex-serve share/hrdex/synonyms.txt \
  share/man/man1/hrdex-index.1.gz share/man/man1/hrdex-query.1.gz share/man/man7/hrdex-query-syntax.7.gz \
  share/man/man1/hrdex-serve.1.gz share/bash-completion/completions/hrdex-serve \
  share/bash-completion/completions/hrdex-index share/bash-completion/completions/hrdex-query \
  lib/systemd/system/hrdex-serve.service \
  share/doc/hrdex/copyright share/doc/hrdex/changelog.gz; do
  check "installs $f" [ -f "$prefix/$f" ]
done
check "installs the whole taxonomies folder" diff -r "$project/corpus/taxonomies" "$prefix/share/hrdex/taxonomies"
check "installs the synonyms" cmp "$project/corpus/synonyms.txt" "$prefix/share/hrdex/synonyms.txt"
for sub in add retag learn evaluate remove compact stats extract; do
  check "man page hrdex-index-$sub" [ -f "$prefix/share/man/man1/hrdex-index-$sub.1.gz" ]
done
for sub in search count similar extract help show; do
  check "man page hrdex-query-$sub" [ -f "$prefix/share/man/man1/hrdex-query-$sub.1.gz" ]
done
check "no run path into the build tree" bash -c "! readelf -d '$prefix/bin/hrdex-index' '$prefix/bin/hrdex-query' '$prefix/bin/hrdex-serve' | grep -qiE 'rpath|runpath'"
cp -r "$project/corpus/documents" "$tmp/documents"

# --- hide the trees ------------------------------------------------------------
if [[ $HRDEX_E2E_NAMESPACE == 1 ]]; then
  mount -t tmpfs -o size=1m hidden "$project"
  [[ $build == "$project"/* ]] || mount -t tmpfs -o size=1m hidden "$build"
  check "source tree hidden" [ ! -e "$project/corpus/taxonomies" ]
  check "build tree hidden" [ ! -e "$build/CMakeCache.txt" ]
fi
export PATH="$prefix/bin:$PATH"
unset HRDEX_DATA_DIR

# --- the installed programs alone ---------------------------------------------
for program in hrdex-index hrdex-query hrdex-serve; do
  out=$("$program" --version); st=$?
  check "$program --version exits 0" status_is $st 0
  check "$program --version: version" contains "$out" "$program $version"
  check "$program --version: schema" contains "$out" "index schema version "
  check "$program --version: data folder" contains "$out" "data folder $prefix/share/hrdex (beside the program $prefix/bin/$program)"
done
out=$(hrdex-index add --db "$db" "$tmp/documents" 2>"$tmp/err"); st=$?
check "installed add exits 0" status_is $st 0
check "installed add indexes the documents" contains "$out" "indexed 4 files"
out=$(hrdex-index stats --db "$db")
check "stats: the version that wrote the index" contains "$out" "last written by hrdex $version"
check "stats: its taxonomies" contains "$out" "$prefix/share/hrdex/taxonomies/themes.toml"
out=$(hrdex-index stats --db "$db" --json)
check "stats --json: written_by" contains "$out" "\"hrdex\": \"$version\""
out=$(hrdex-query search --db "$db" indigenous working group); st=$?
check "installed search exits 0" status_is $st 0
check "installed search finds the letter" contains "$out" "us-civil-society-follow-up-letter-2016-03-02.txt"
check "installed synonyms expand" [ "$(hrdex-query count --db "$db" ICESCR)" -gt "$(hrdex-query count --db "$db" --no-synonyms ICESCR)" ]
check "installed taxonomies tag" [ "$(hrdex-query count --db "$db" 'tagsource:rule')" -gt 0 ]
out=$(hrdex-index retag --db "$db" 2>&1); st=$?
check "retag finds the data folder again" status_is $st 0
# hrdex-serve from the install alone: its synonyms from the data folder too.
hrdex-serve --db "$db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 100); do grep -q 'at http' "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out")
out=$(curl -s "${url}api/count?q=ICESCR")
check "installed hrdex-serve counts as hrdex-query" contains "$out" "\"total\":$(hrdex-query count --db "$db" ICESCR)"
kill "$serve_pid"; wait "$serve_pid"

# --- man pages -------------------------------------------------------------------
# In a UTF-8 locale, as people read them: the syntax page shows Chinese and
# French examples, which the C locale cannot.
pages=("$prefix"/share/man/man*/*)
check "man pages installed" [ ${#pages[@]} -ge 18 ]
for page in "${pages[@]}"; do
  name=$(basename "$page" .gz)
  text=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>"$tmp/man.err" | col -bx); st=$?
  check "man -l $name renders" status_is $st 0
  check "man -l $name: no warnings" [ ! -s "$tmp/man.err" ]
  check "man -l $name: NAME" contains "$text" "NAME"
  [[ -s $tmp/man.err ]] && head -5 "$tmp/man.err"
  # A command's page lists every option its --help lists.
  if [[ $name =~ ^(hrdex-(index|query|serve))(-([a-z]+))?\.1$ ]]; then
    help=$("${BASH_REMATCH[1]}" ${BASH_REMATCH[4]:+"${BASH_REMATCH[4]}"} --help)
    for opt in $(grep -oE -- '(^| )--[a-z][a-z-]*' <<<"$help" | tr -d ' ' | sort -u); do
      check "man $name lists $opt" contains "$text" "$opt"
    done
  fi
done
LC_ALL=C.UTF-8 MANWIDTH=100 man -l "$prefix/share/man/man7/hrdex-query-syntax.7.gz" | col -bx >"$tmp/syntax.txt"
missing=0
while IFS= read -r line; do
  [[ -z $line ]] || grep -qF -- "$line" "$tmp/syntax.txt" || { missing=$((missing + 1)); echo "  not in the page: $line"; }
done < <(hrdex-query help syntax)
check "the syntax page holds every line of help syntax" [ $missing -eq 0 ]

# --- bash completion -------------------------------------------------------------
complete_words() {  # complete_words PROGRAM WORD...: what TAB offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    "_${COMP_WORDS[0]//-/_}"; printf "%s\n" "${COMPREPLY[@]}"' _ \
    "$prefix/share/bash-completion/completions/$1" "$@"
}
out=$(complete_words hrdex-index "")
check "completes hrdex-index's commands" contains "$out" "retag"
out=$(complete_words hrdex-index add --j)
check "completes add's options" [ "$out" = "--jobs" ]
out=$(complete_words hrdex-query search --format "")
check "completes --format values" [ "$(tr '\n' ' ' <<<"$out")" = "text json jsonl csv markdown md " ]
out=$(complete_words hrdex-query search --fields sym)
check "completes a field name after --fields" [ "$out" = "symbol" ]
out=$(complete_words hrdex-query search --fields symbol,num)
check "completes the next field of a list" [ "$out" = "symbol,number" ]
out=$(complete_words hrdex-query extract --format "")
check "completes extract's formats" contains "$out" "html"
out=$(complete_words hrdex-serve --li)
check "completes hrdex-serve's options" [ "$out" = "--listen" ]
out=$(complete_words hrdex-query help "")
check "completes help topics" [ "$out" = "syntax" ]
mkdir -p "$tmp/complete-me.d"
out=$(cd "$tmp" && complete_words hrdex-query search --db complete-me)
check "completes a folder after --db" [ "$out" = "complete-me.d" ]
out=$(complete_words hrdex-query search --data-d)
check "completes global options after a command" [ "$out" = "--data-dir" ]

# --- bad data folders: one line each, saying what is missing and where ---------------
one_line_error() {  # one_line_error NAME EXPECTED COMMAND...: exit 2, one line on stderr
  local name=$1 expected=$2; shift 2
  "$@" >/dev/null 2>"$tmp/err"; local st=$?
  check "$name: exit 2" status_is $st 2
  check "$name: one line" [ "$(wc -l <"$tmp/err")" -eq 1 ]
  check "$name: says what and where" contains "$(cat "$tmp/err")" "$expected"
}
one_line_error "HRDEX_DATA_DIR at nothing (add)" \
  "hrdex-index: error: HRDEX_DATA_DIR=$tmp/nowhere: no such folder; the data folder holds taxonomies/ and synonyms.txt" \
  env HRDEX_DATA_DIR="$tmp/nowhere" hrdex-index add --db "$tmp/idx2" "$tmp/documents"
one_line_error "HRDEX_DATA_DIR at nothing (search)" \
  "hrdex-query: error: HRDEX_DATA_DIR=$tmp/nowhere: no such folder" \
  env HRDEX_DATA_DIR="$tmp/nowhere" hrdex-query search --db "$db" housing
one_line_error "--data-dir at nothing" "hrdex-index: error: --data-dir $tmp/nowhere: no such folder" \
  hrdex-index add --data-dir "$tmp/nowhere" --db "$tmp/idx2" "$tmp/documents"
out=$(HRDEX_DATA_DIR="$tmp/nowhere" hrdex-query --version); st=$?
check "--version with no data folder exits 0" status_is $st 0
check "--version says the data folder is missing" contains "$out" "data folder: none; HRDEX_DATA_DIR=$tmp/nowhere: no such folder"

# Programs copied without their share/ folder.
mkdir -p "$tmp/bare/bin" && cp "$prefix"/bin/* "$tmp/bare/bin/"
one_line_error "no data folder beside the program" \
  "hrdex-index: error: no data folder (taxonomies/, synonyms.txt): looked in $tmp/bare/share/hrdex, beside the program $tmp/bare/bin/hrdex-index; set HRDEX_DATA_DIR or pass --data-dir" \
  "$tmp/bare/bin/hrdex-index" add --db "$tmp/idx2" "$tmp/documents"
one_line_error "no data folder for synonyms" "looked in $tmp/bare/share/hrdex, beside the program $tmp/bare/bin/hrdex-query" \
  "$tmp/bare/bin/hrdex-query" search --db "$db" housing
"$tmp/bare/bin/hrdex-query" search --no-synonyms --db "$db" housing >/dev/null; st=$?
check "--no-synonyms needs no data folder" status_is $st 0
"$tmp/bare/bin/hrdex-index" add -q --taxonomy-dir "$prefix/share/hrdex/taxonomies" --db "$tmp/idx3" "$tmp/documents" >/dev/null 2>&1; st=$?
check "--taxonomy-dir needs no data folder" status_is $st 0
HRDEX_DATA_DIR="$prefix/share/hrdex" "$tmp/bare/bin/hrdex-query" search --db "$db" housing >/dev/null; st=$?
check "HRDEX_DATA_DIR serves programs without share/" status_is $st 0

# A data folder with an empty taxonomies folder, and one with none.
mkdir -p "$tmp/data-empty/taxonomies" "$tmp/data-none"
cp "$prefix/share/hrdex/synonyms.txt" "$tmp/data-empty/"
one_line_error "no taxonomies in the taxonomy folder" \
  "hrdex-index: error: $tmp/data-empty/taxonomies: no taxonomy files (*.toml) in this folder (the data folder's default taxonomies)" \
  hrdex-index add --data-dir "$tmp/data-empty" --db "$tmp/idx2" "$tmp/documents"
one_line_error "no taxonomies in --taxonomy-dir" \
  "hrdex-index: error: $tmp/data-empty/taxonomies: no taxonomy files (*.toml) in this folder" \
  hrdex-index add --taxonomy-dir "$tmp/data-empty/taxonomies" --db "$tmp/idx2" "$tmp/documents"
one_line_error "no taxonomy folder in the data folder" \
  "hrdex-index: error: $tmp/data-none/taxonomies: no taxonomy folder in the data folder (HRDEX_DATA_DIR)" \
  env HRDEX_DATA_DIR="$tmp/data-none" hrdex-index add --db "$tmp/idx2" "$tmp/documents"
one_line_error "no synonyms in the data folder" \
  "hrdex-query: error: $tmp/data-none/synonyms.txt: missing from the data folder $tmp/data-none (--data-dir)" \
  hrdex-query search --data-dir "$tmp/data-none" --db "$db" housing

# An unreadable data folder, as a user who may not read it (root reads all).
mkdir -p "$tmp/locked/bin" "$tmp/locked/share/hrdex" && cp "$prefix"/bin/* "$tmp/locked/bin/"
chmod 000 "$tmp/locked/share/hrdex"
as_user=()
[[ $(id -u) -eq 0 ]] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
one_line_error "unreadable data folder" \
  "hrdex-index: error: $tmp/locked/share/hrdex (beside the program $tmp/locked/bin/hrdex-index): data folder not readable (Permission denied)" \
  "${as_user[@]}" "$tmp/locked/bin/hrdex-index" add --db "$tmp/idx-locked" "$tmp/documents"
chmod 755 "$tmp/locked/share/hrdex"

finish e2e_install
