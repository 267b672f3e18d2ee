#!/usr/bin/env bash
# Installs what the tests need (Debian packages, idempotently), builds the solution, runs every test project and
# ends with one line "N passed, N failed, N skipped" counted from the TRX results. Exits non-zero when anything
# failed or nothing ran.  Usage: ./scripts/test.sh [extra dotnet test arguments, e.g. --filter ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Debian packages the test suites drive as real peers (kept in one place: scripts/test-packages.txt).
mapfile -t packages < <(grep -v '^\s*#' scripts/test-packages.txt | tr -s ' \t' '\n' | sed '/^$/d')
"$root/scripts/install-packages.sh" "${packages[@]}"
# The example React app is built with npm in the integration tests (Vite 8 wants Node.js 20.19+). Install Debian's
# Node.js only where there is none at all.
command -v npm >/dev/null || "$root/scripts/install-packages.sh" nodejs npm

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build"
dotnet build EdgeCdn.sln -c Debug -nologo -v quiet -clp:ErrorsOnly

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

echo "== test"
status=0
dotnet test EdgeCdn.sln -c Debug --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

passed=0 failed=0 skipped=0 found=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${n:-0}))
done

echo "$passed passed, $failed failed, $skipped skipped"
if [[ $found -eq 0 || $passed -eq 0 ]]; then
  echo "no test results were produced" >&2
  exit 1
fi
if [[ $failed -ne 0 || $status -ne 0 ]]; then
  exit 1
fi
