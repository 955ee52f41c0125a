# Shared by the end-to-end scripts (sourced, not run, after `index` and
# `query` are set): a scratch folder removed at exit (a script may set its
# own EXIT trap after sourcing), an index path in it, counting checks and
# the assertions they use. Each script ends with `finish NAME`.
passed=0 failed=0
tmp=$(mktemp -d)
db="$tmp/idx"
trap 'rm -rf "$tmp"' EXIT
count() { "$query" count --db "$db" "$@"; }

check() {  # check NAME CONDITION-COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
status_is() { [[ $1 -eq $2 ]] || { echo "  exit status $1, expected $2"; return 1; }; }
contains() { grep -qF -- "$2" <<<"$1" || { echo "  expected to find: $2"; echo "  in: ${1:0:600}"; return 1; }; }
lacks() { ! grep -qF -- "$2" <<<"$1" || { echo "  did not expect: $2"; return 1; }; }

finish() {  # finish NAME: the closing line, and the exit status
  echo "$1: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
