#!/usr/bin/env bash
# Runs the edge in front of ../shared/bench's origin exactly as that harness's README ("Plugging in another proxy")
# asks: paths mapped 1:1 to the nginx origin on 127.0.0.1:8081, key = host + path + query, 1 h TTL, viewer no-cache
# ignored, concurrent misses coalesced (config/edge.bench.json), the edge pinned to CPU 1 at nice -10 (autogroup
# too) while the load generator gets CPU 0; then drives it with the harness's bench.sh so the rows land next to
# nginx proxy_cache, Varnish and Traffic Server in results.tsv.
#
#   scripts/bench-edge.sh [-r REP] [-o OUTDIR] [--smoke]
#
# Each invocation starts a fresh edge (empty cache) and stops it at the end: run it once per repetition
# (-r 1, -r 2, -r 3), ideally interleaved with a peer (cd ../shared/bench && ./ctl.sh restart nginx && ./bench.sh -n nginx ...).
# --smoke: a few seconds (1 KiB and 1 MiB hits at 64 connections, coalescing), results in a temporary directory.
# Env: BENCH_DIR (the harness, default ../shared/bench from the repository), PORT (8085), SERVER_CPUS (1),
# DURATION (10s), RETRIES (0), TESTS / SIZES / CONNS (passed to bench.sh), POLICY (the memory tier's eviction policy:
# S3Fifo, the default, Lru or MemoryCache; results are named edgecdn-<policy> when set), JIT_WARMUP (1: 25 s of
# unrecorded hits first, see below; 0 to skip).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rep=1 out="" smoke=0
while [[ $# -gt 0 ]]; do
  case $1 in
    -r) rep=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done

if [[ -z "${BENCH_DIR:-}" ]]; then
  for candidate in "$root/../shared/bench" "$root/../../shared/bench"; do
    [[ -x "$candidate/bench.sh" ]] && { BENCH_DIR=$(cd "$candidate" && pwd); break; }
  done
fi
[[ -n "${BENCH_DIR:-}" && -x "$BENCH_DIR/bench.sh" ]] || { echo "bench harness not found; set BENCH_DIR" >&2; exit 1; }
port=${PORT:-8085}
cpus=${SERVER_CPUS:-1}
name=edgecdn
policy_args=()
if [[ -n "${POLICY:-}" ]]; then
  name="edgecdn-$(echo "$POLICY" | tr '[:upper:]' '[:lower:]')"
  policy_args=("--Edge:Cache:Policy=$POLICY")
fi
publish="$root/artifacts/edge-bench"

echo "== publish (Release)"
dotnet publish "$root/src/EdgeCdn.Edge.Host" -c Release -o "$publish" --nologo -v quiet -clp:ErrorsOnly

[[ -d "$BENCH_DIR/data/www/obj" ]] || (cd "$BENCH_DIR" && ./gen_data.sh)
started_origin=0
if ! curl -s -o /dev/null --max-time 2 http://127.0.0.1:8081/obj/1k.bin; then
  (cd "$BENCH_DIR" && ./ctl.sh start origin)
  started_origin=1
fi

log="$root/artifacts/edge-bench.log"
echo "== edge on 127.0.0.1:$port (CPU $cpus), log $log"
pin=(nice -n -10)
[[ "$cpus" != all ]] && pin+=(taskset -c "$cpus")
DOTNET_gcServer=1 "${pin[@]}" dotnet "$publish/EdgeCdn.Edge.Host.dll" --urls "http://127.0.0.1:$port" \
  --config "$root/config/edge.bench.json" "${policy_args[@]}" > "$log" 2>&1 &
edge_pid=$!
cleanup() {
  kill "$edge_pid" 2>/dev/null || true
  wait "$edge_pid" 2>/dev/null || true
  if [[ $started_origin -eq 1 ]]; then (cd "$BENCH_DIR" && ./ctl.sh stop origin) || true; fi
}
trap cleanup EXIT
echo -10 > "/proc/$edge_pid/autogroup" 2>/dev/null || true
for _ in $(seq 1 100); do
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/_edgecdn/health" && break
  kill -0 "$edge_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done

# The harness warms each object for 3 s before measuring it; a JIT-compiled server pinned to one busy core needs
# 15-25 s of load before its hot paths are fully optimised (measured on the origin and the edge: 2-3x the CPU per
# request before that). So the edge first serves 20 s of 1 KiB and 5 s of 1 MiB hits, objects the hit test warms
# anyway (the coalescing and cold-miss tests use their own keys, so their origin-fetch counts are untouched).
if [[ ${JIT_WARMUP:-1} -eq 1 && $smoke -eq 0 ]]; then
  echo "== JIT warm-up (not recorded)"
  timeout 60 taskset -c 0 wrk -t1 -c64 -d20s "http://127.0.0.1:$port/obj/1k.bin" > /dev/null 2>&1 || true
  timeout 60 taskset -c 0 wrk -t1 -c64 -d5s "http://127.0.0.1:$port/obj/1m.bin" > /dev/null 2>&1 || true
fi

if [[ $smoke -eq 1 ]]; then
  out=${out:-$(mktemp -d)}
  echo "== smoke run -> $out"
  (cd "$BENCH_DIR" && DURATION=${DURATION:-2s} RETRIES=0 TESTS=${TESTS:-"hit coalesce"} SIZES=${SIZES:-"1k 1m"} CONNS=${CONNS:-64} \
    ./bench.sh -n "$name" -u "http://127.0.0.1:$port" -r "$rep" -o "$out")
else
  out=${out:-$BENCH_DIR/results}
  (cd "$BENCH_DIR" && DURATION=${DURATION:-10s} RETRIES=${RETRIES:-0} ./bench.sh -n "$name" -u "http://127.0.0.1:$port" -r "$rep" -o "$out")
fi
echo "== metrics"
curl -s "http://127.0.0.1:$port/_edgecdn/metrics" | grep -E '^edgecdn_(requests_total|origin_fetches_total|cache_entries|cache_lookups_total)' || true
