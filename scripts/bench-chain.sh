#!/usr/bin/env bash
# `edgecdn bench` against the running chain (edgecdn up: origin + 1 edge, Release build, the chain pinned to CPU 1,
# the load generator to CPU 0) — hits and misses of 1 KiB and 1 MiB objects — and, in the same run, against nginx
# proxy_cache from ../shared/bench on the same sizes. Hit runs warm first; miss runs use never-fetched keys
# (distinct objects on the chain; a unique query string on nginx, whose key includes the query).
#
#   scripts/bench-chain.sh [-d 10s] [-c 64] [-o OUTDIR]
#
# Output: one JSON and one HTML report per run (edgecdn bench's own) in OUTDIR (default artifacts/bench-chain),
# and a summary table on standard output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10s conns=64 out="$root/artifacts/bench-chain"
while [[ $# -gt 0 ]]; do
  case $1 in
    -d) duration=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
BENCH_DIR=${BENCH_DIR:-$(cd "$root/../shared/bench" 2>/dev/null && pwd || true)}
[[ -x "$BENCH_DIR/bench.sh" ]] || { echo "bench harness not found; set BENCH_DIR" >&2; exit 1; }
mkdir -p "$out"
cli="$root/artifacts/cli-bench"
echo "== publish the CLI and hosts (Release)"
dotnet publish "$root/src/EdgeCdn.Cli" -c Release -o "$cli" --nologo -v quiet -clp:ErrorsOnly

data=$(mktemp -d /tmp/edgecdn-bench-chain.XXXXXX)
export EDGECDN_DATA_DIR="$data"
origin_port=$((19000 + RANDOM % 500)); edge_port=$((19600 + RANDOM % 500)); https_port=$((20200 + RANDOM % 500))
echo "== edgecdn up (CPU 1), data $data"
(cd "$data" && DOTNET_gcServer=1 nice -n -10 taskset -c 1 dotnet "$cli/edgecdn.dll" up --data-dir "$data" --edges 1 \
  --origin-port "$origin_port" --edge-port "$edge_port" --edge-https-port "$https_port" > "$out/up.log" 2>&1) &
up_pid=$!
started_nginx=0
cleanup() {
  kill -INT "$up_pid" 2>/dev/null || true
  wait "$up_pid" 2>/dev/null || true
  if [[ $started_nginx -eq 1 ]]; then (cd "$BENCH_DIR" && ./ctl.sh stop nginx) >/dev/null 2>&1 || true; fi
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do grep -q "Ctrl-C stops everything" "$out/up.log" 2>/dev/null && break; sleep 0.5; done
grep -q "Ctrl-C stops everything" "$out/up.log" || { cat "$out/up.log"; exit 1; }
edge="http://127.0.0.1:$edge_port"

echo "== objects: 1 KiB and 1 MiB, plus never-fetched ones for the miss runs"
site="$data/site"; mkdir -p "$site/obj" "$site/m1k" "$site/m1m"
head -c 1024 /dev/urandom > "$site/obj/1k.bin"; head -c 1048576 /dev/urandom > "$site/obj/1m.bin"
for i in $(seq -w 1 4000); do head -c 1024 /dev/urandom > "$site/m1k/$i.bin"; done
for i in $(seq -w 1 300); do head -c 1048576 /dev/urandom > "$site/m1m/$i.bin"; done
dotnet "$cli/edgecdn.dll" deploy "$site" --bucket demo --parallel 16 > "$out/deploy.log"
(cd "$site" && find m1k -type f | sort > "$data/m1k.txt" && find m1m -type f | sort > "$data/m1m.txt")

[[ -d "$BENCH_DIR/data/www/obj" ]] || (cd "$BENCH_DIR" && ./gen_data.sh)
curl -s -o /dev/null --max-time 2 http://127.0.0.1:8081/obj/1k.bin || (cd "$BENCH_DIR" && ./ctl.sh start origin)
if ! curl -s -o /dev/null --max-time 2 http://127.0.0.1:8082/obj/1k.bin; then (cd "$BENCH_DIR" && ./ctl.sh start nginx); started_nginx=1; fi

bench() { # name, args...
  local name=$1; shift
  nice -n -10 taskset -c 0 dotnet "$cli/edgecdn.dll" bench "$@" --json "$out/$name.json" --html "$out/$name.html" > "$out/$name.txt" 2>&1
  echo "   $name done"
}
echo "== runs ($duration, $conns connections for hits; one request per never-fetched key for misses)"
for size in 1k 1m; do
  curl -s -o /dev/null "$edge/obj/$size.bin"; curl -s -o /dev/null "http://127.0.0.1:8082/obj/$size.bin"
  bench "edgecdn-hit-$size" "$edge/obj/$size.bin" -c "$conns" -d "$duration" --warmup 1s
  bench "nginx-hit-$size" "http://127.0.0.1:8082/obj/$size.bin" -c "$conns" -d "$duration" --warmup 1s
done
bench edgecdn-miss-1k "$edge/" --keys-file "$data/m1k.txt" -c 16 -n 4000
bench nginx-miss-1k "http://127.0.0.1:8082/obj/1k.bin" --unique -c 16 -n 4000
bench edgecdn-miss-1m "$edge/" --keys-file "$data/m1m.txt" -c 16 -n 300
bench nginx-miss-1m "http://127.0.0.1:8082/obj/1m.bin" --unique -c 16 -n 300

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
print(f"{'run':20} {'result':7} {'requests':>9} {'req/s':>9} {'MB/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9}")
for name in ["edgecdn-hit-1k","nginx-hit-1k","edgecdn-hit-1m","nginx-hit-1m","edgecdn-miss-1k","nginx-miss-1k","edgecdn-miss-1m","nginx-miss-1m"]:
    t = json.load(open(os.path.join(out, name + ".json")))["targets"][0]
    for result, l in t["latencyMs"].items():
        if result == "all": continue
        print(f"{name:20} {result:7} {l['count']:>9} {t['requestsPerSecond']:>9.0f} {t['megabytesPerSecond']:>8.1f} {l['p50']:>8.3f} {l['p99']:>8.3f} {l['p999']:>9.3f}")
PY
