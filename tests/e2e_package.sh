#!/usr/bin/env bash
# End-to-end: the Debian package (scripts/package on an already built tree):
# its name, its dependencies (computed by dpkg-shlibdeps: every shared
# library the programs load comes from a package it depends on), its
# contents, an install into a scratch root with dpkg --root (the programs
# run from there, index and search), a clean removal and purge, and lintian
# without errors (its remarks are printed).
# Usage: e2e_package.sh BUILD_DIR PROJECT_DIR
set -uo pipefail
build=$(cd "$1" && pwd) project=$(cd "$2" && pwd)
index=hrdex-index query=hrdex-query
source "$project/tests/e2e_lib.sh"
version=$(sed -nE 's/^project\(hrdex VERSION ([0-9.]+).*/\1/p' "$project/CMakeLists.txt")

out=$("$project/scripts/package" "$build" 2>"$tmp/err"); st=$?
check "scripts/package exits 0" status_is $st 0
[[ $st -eq 0 ]] || cat "$tmp/err"
deb=$(head -1 <<<"$out")
echo "$out"
check "named hrdex_<version>_amd64.deb" [ "$deb" = "$build/hrdex_${version}_amd64.deb" ]

# --- control fields and dependencies -------------------------------------------------
check "package name" [ "$(dpkg-deb -f "$deb" Package)" = hrdex ]
check "package version" [ "$(dpkg-deb -f "$deb" Version)" = "$version" ]
check "architecture" [ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ]
depends=$(dpkg-deb -f "$deb" Depends)
check "depends on iso-codes (read at run time)" contains "$depends" "iso-codes"
check "recommends antiword (for .doc)" [ "$(dpkg-deb -f "$deb" Recommends)" = antiword ]
depends_on() {  # depends_on PACKAGE: PACKAGE is one of Depends' names
  local IFS=,
  for d in $depends; do [[ $(awk '{ print $1 }' <<<"$d") == "$1" ]] && return 0; done
  echo "  $1 is not in Depends: $depends"
  return 1
}
mkdir -p "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
# Each shared library the programs need, by the package that ships it here.
for lib in $(readelf -d "$tmp"/x/usr/bin/* | sed -nE 's/.*Shared library: \[(.*)\]/\1/p' | sort -u); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }')
  pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
  [[ -z $pkg ]] && pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
  check "depends on $pkg for $lib" depends_on "$pkg"
done

# --- contents -------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/hrdex-index /usr/bin/hrdex-query /usr/share/hrdex/synonyms.txt \
  /usr/share/man/man1/hrdex-index.1.gz /usr/share/man/man1/hrdex-index-add.1.gz \
  /usr/share/man/man1/hrdex-query-search.1.gz /usr/share/man/man7/hrdex-query-syntax.7.gz \
  /usr/share/bash-completion/completions/hrdex-index /usr/share/bash-completion/completions/hrdex-query \
  /usr/share/doc/hrdex/copyright /usr/share/doc/hrdex/changelog.gz /usr/share/lintian/overrides/hrdex; do
  check "package holds $f" grep -qxF "$f" "$tmp/contents"
done
for t in "$project"/corpus/taxonomies/*; do
  check "package holds taxonomies/$(basename "$t")" grep -qxF "/usr/share/hrdex/taxonomies/$(basename "$t")" "$tmp/contents"
done
check "nothing outside /usr (no unit enabled)" bash -c "! grep -vE '^/(usr(/.*)?)?/?$' '$tmp/contents'"
# hrdex-serve, once it is built, comes with its systemd unit, disabled.
if grep -qxF /usr/bin/hrdex-serve "$tmp/contents"; then
  unit=/usr/lib/systemd/system/hrdex-serve.service
  check "package holds $unit" grep -qxF "$unit" "$tmp/contents"
  check "the unit starts the packaged program" grep -q '^ExecStart=/usr/bin/hrdex-serve ' "$tmp/x$unit"
  if command -v systemd-analyze >/dev/null; then
    # Only the unit's own lines: this machine may run no systemd.
    check "systemd reads the unit without complaint" bash -c \
      "! systemd-analyze verify '$tmp/x$unit' 2>&1 | grep -E 'hrdex-serve\.service:[0-9]+:'"
  fi
fi
check "programs are stripped" bash -c "! readelf -S '$tmp/x/usr/bin/hrdex-index' | grep -q debug_info"
[[ -f $project/../shared/STYLE.md ]] && check "no shared material packaged" bash -c "! grep -q shared '$tmp/contents'"

# --- install into a scratch root, run, remove, purge ------------------------------------
root="$tmp/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/log"
touch "$root/var/lib/dpkg/status"
# The scratch root has none of the dependencies; the programs run against
# this machine's libraries.
dpkg --root="$root" --force-depends --force-script-chrootless -i "$deb" >"$tmp/dpkg.log" 2>&1; st=$?
check "dpkg -i into a scratch root" status_is $st 0
[[ $st -eq 0 ]] || cat "$tmp/dpkg.log"
check "dpkg knows it installed" [ "$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' hrdex)" = "install ok installed" ]
out=$("$root/usr/bin/hrdex-index" --version)
check "installed program finds its data folder" contains "$out" "data folder $root/usr/share/hrdex (beside the program $root/usr/bin/hrdex-index)"
"$root/usr/bin/hrdex-index" add -q --db "$db" "$project/corpus/documents" >/dev/null 2>"$tmp/err"; st=$?
check "packaged hrdex-index indexes" status_is $st 0
out=$("$root/usr/bin/hrdex-query" search --db "$db" --format csv --fields source_path indigenous working group); st=$?
check "packaged hrdex-query searches" status_is $st 0
check "packaged search finds the letter" contains "$out" "us-civil-society-follow-up-letter-2016-03-02.txt"
dpkg --root="$root" --force-depends --force-script-chrootless -r hrdex >"$tmp/dpkg.log" 2>&1; st=$?
check "dpkg -r" status_is $st 0
check "removal leaves no files" [ -z "$(find "$root/usr" -type f 2>/dev/null)" ]
dpkg --root="$root" --force-depends --force-script-chrootless -P hrdex >"$tmp/dpkg.log" 2>&1; st=$?
check "dpkg -P" status_is $st 0
check "purged" [ -z "$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' hrdex 2>/dev/null | grep installed)" ]

# --- lintian ----------------------------------------------------------------------------
if command -v lintian >/dev/null; then
  lintian --fail-on error --display-level ">=info" "$deb" >"$tmp/lintian" 2>&1; st=$?
  check "lintian finds no errors" status_is $st 0
  echo "lintian: $(grep -cE "^[EWIPXCO]: " "$tmp/lintian") remarks"
  cat "$tmp/lintian"
else
  check "lintian is installed (scripts/deps)" false
fi

finish e2e_package
