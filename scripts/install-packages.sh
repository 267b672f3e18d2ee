#!/usr/bin/env bash
# Installs the given Debian packages if any is missing: quiet, idempotent, one apt-get update at most.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
log="${TMPDIR:-/tmp}/edgecdn-apt.log"
echo "== installing ${missing[*]} (log: $log)"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
