#!/usr/bin/env bash
# Origin: PUT and GET of 1 KiB, 1 MiB and 256 MiB objects through the EdgeCdn origin versus nginx serving (GET) and
# accepting (PUT, WebDAV) the same files on disk, in one run. Reports requests/s, MB/s, peak RSS of the server and
# the origin/nginx ratios as a Markdown table.
#
#   scripts/bench-origin.sh [-d SECONDS] [-w SECONDS] [-n REPS] [-c CONNECTIONS] [-o FILE] [-e AES256|None]
#     -d  seconds per wrk case (1 KiB and 1 MiB; default 10)
#     -w  seconds of untimed warm-up load before each wrk case, for both servers (default 20: the origin's JIT
#         tiers up under load on one core in 15-25 s, as it would early in any real server's life)
#     -n  repetitions of each 256 MiB transfer (curl; default 4)
#     -c  wrk connections (default 16)
#     -o  also write the table to FILE
#     -e  the origin's Origin:Encryption:BucketDefault (default AES256, SSE-S3 at rest; None stores objects as sent)
#
# Servers run pinned to core 1 (nice -10, and their autogroup), the load generators (wrk, curl) to core 0, as
# ../shared/bench/README.md describes. Everything listens on free loopback ports and lives under
# .edgecdn/bench-origin/; the script stops only the processes it started, by PID. Every load run is time-bounded.
# The origin runs its Release build with its defaults (fsync on every write); nginx writes PUT bodies without fsync.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DURATION=10 WARMUP=20 REPS=4 CONNECTIONS=16 OUT="" AT_REST=AES256
while getopts "d:w:n:c:o:e:" opt; do
  case "$opt" in
    d) DURATION=$OPTARG ;;
    w) WARMUP=$OPTARG ;;
    n) REPS=$OPTARG ;;
    c) CONNECTIONS=$OPTARG ;;
    o) OUT=$OPTARG ;;
    e) AT_REST=$OPTARG ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
SERVER_CPU=1 CLIENT_CPU=0
WORK="$ROOT/.edgecdn/bench-origin"
ACCESS_KEY="EDGECDNBENCH00000001" SECRET_KEY="bench/secret+0123456789abcdefghijklmnop"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$ROOT/scripts/install-packages.sh" nginx wrk curl awscli
echo "== build (Release)"
dotnet build src/EdgeCdn.Origin.Host -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build src/EdgeCdn.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
HOST_DLL="$ROOT/src/EdgeCdn.Origin.Host/bin/Release/net10.0/EdgeCdn.Origin.Host.dll"
CLI_DLL="$ROOT/src/EdgeCdn.Cli/bin/Release/net10.0/edgecdn.dll"

ORIGIN_PID="" NGINX_PID=""
cleanup() {
  [[ -n "$ORIGIN_PID" ]] && kill "$ORIGIN_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill -QUIT "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK/files" "$WORK/www/put" "$WORK/nginx-tmp" "$WORK/home"
echo "== data"
head -c 1024 /dev/urandom > "$WORK/files/1k.bin"
head -c $((1 << 20)) /dev/urandom > "$WORK/files/1m.bin"
head -c $((256 << 20)) /dev/urandom > "$WORK/files/256m.bin"
cp "$WORK/files/"*.bin "$WORK/www/"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 150); do curl -s -o /dev/null --max-time 1 "$1" && return 0; sleep 0.2; done; echo "$1 did not come up" >&2; return 1; }
prioritise() { echo -10 > "/proc/$1/autogroup" 2>/dev/null || true; }
pids_of() { echo "$1" $(pgrep -P "$1" || true); }
reset_peak() { for p in $(pids_of "$1"); do echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; }
cpu_ticks() { local t=0; for p in $(pids_of "$1"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
peak_mib() { local kb=0; for p in $(pids_of "$1"); do kb=$((kb + $(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $((kb / 1024)); }

echo "== start servers (core $SERVER_CPU)"
OPORT=$(free_port)
EDGECDN_ACCESS_KEY=$ACCESS_KEY EDGECDN_SECRET_KEY=$SECRET_KEY Logging__LogLevel__Default=Warning \
  nice -n -10 taskset -c $SERVER_CPU dotnet "$HOST_DLL" --urls "http://127.0.0.1:$OPORT" --data-dir "$WORK/origin-data" --Origin:Encryption:BucketDefault="$AT_REST" \
  > "$WORK/origin.log" 2>&1 &
ORIGIN_PID=$!
wait_http "http://127.0.0.1:$OPORT/"
prioritise "$ORIGIN_PID"

NPORT=$(free_port)
cat > "$WORK/nginx.conf" <<EOF
user $(id -un) $(id -gn);
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx.error.log warn;
events { worker_connections 4096; }
http {
    default_type application/octet-stream;
    sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_requests 1000000; keepalive_timeout 75s;
    open_file_cache max=100 inactive=60s;
    access_log off;
    client_body_temp_path $WORK/nginx-tmp/body;
    proxy_temp_path $WORK/nginx-tmp/proxy; fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/uwsgi; scgi_temp_path $WORK/nginx-tmp/scgi;
    client_max_body_size 0;
    client_body_buffer_size 1m;
    server {
        listen 127.0.0.1:$NPORT backlog=4096;
        root $WORK/www;
        location /put/ { dav_methods PUT; create_full_put_path on; }
    }
}
EOF
nice -n -10 taskset -c $SERVER_CPU nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx.error.log"
wait_http "http://127.0.0.1:$NPORT/1k.bin"
NGINX_PID=$(cat "$WORK/nginx.pid")
prioritise "$NGINX_PID"

export HOME="$WORK/home" AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
/usr/bin/aws --endpoint-url "http://127.0.0.1:$OPORT" s3 mb s3://bench > /dev/null
presign() { EDGECDN_ACCESS_KEY=$ACCESS_KEY EDGECDN_SECRET_KEY=$SECRET_KEY dotnet "$CLI_DLL" presign "s3://bench/$1" \
  --endpoint-url "http://127.0.0.1:$OPORT" --expires-in 86400 --method "$2"; }

cat > "$WORK/bench.lua" <<'EOF'
-- PUT with the body from BODY_FILE when set (else GET), and one machine-readable result line.
local file = os.getenv("BODY_FILE")
if file and file ~= "" then
  local f = assert(io.open(file, "rb")); wrk.body = f:read("*a"); f:close()
  wrk.method = "PUT"
  wrk.headers["Content-Type"] = "application/octet-stream"
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %d %d %d %d %d\n", summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status))
end
EOF

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
# record CASE SERVER REQUESTS SECONDS BYTES ERRORS PEAK_MIB [CPU_US_PER_REQUEST]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${8:-}" >> "$RESULTS"; }

wrk_case() { # wrk_case NAME SERVER PID URL SIZE_BYTES [BODY_FILE]
  local name=$1 server=$2 pid=$3 url=$4 size=$5 body=${6:-} line requests us bytes socket status ticks
  if (( WARMUP > 0 )); then
    BODY_FILE=$body timeout $((WARMUP + 30)) taskset -c $CLIENT_CPU wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 30s \
      -s "$WORK/bench.lua" "$url" > /dev/null
  fi
  reset_peak "$pid"
  ticks=$(cpu_ticks "$pid")
  line=$(BODY_FILE=$body timeout $((DURATION + 30)) taskset -c $CLIENT_CPU wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s \
    -s "$WORK/bench.lua" "$url" | grep '^WRKRESULT')
  read -r _ requests us bytes socket status <<< "$line"
  # For PUT the payload is what was sent; wrk counts response bytes only.
  [[ -n "$body" ]] && bytes=$((requests * size))
  ticks=$(( $(cpu_ticks "$pid") - ticks ))
  record "$name" "$server" "$requests" "$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1e6 }')" "$bytes" "$((socket + status))" "$(peak_mib "$pid")" \
    "$(awk -v t="$ticks" -v r="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz * 1e6 / r }')"
  echo "   $name $server: $requests requests, $((socket + status)) errors"
}

curl_case() { # curl_case NAME SERVER PID METHOD URL FILE
  local name=$1 server=$2 pid=$3 method=$4 url=$5 file=$6 size start end errors=0
  size=$(stat -c %s "$file")
  reset_peak "$pid"
  start=$(date +%s.%N)
  for _ in $(seq 1 "$REPS"); do
    if [[ $method == PUT ]]; then
      code=$(timeout 300 taskset -c $CLIENT_CPU curl -s -o /dev/null -w '%{http_code}' -T "$file" -H 'Content-Type: application/octet-stream' "$url") || code=000
    else
      code=$(timeout 300 taskset -c $CLIENT_CPU curl -s -o /dev/null -w '%{http_code}' "$url") || code=000
    fi
    [[ $code == 200 || $code == 201 || $code == 204 ]] || errors=$((errors + 1))
  done
  end=$(date +%s.%N)
  record "$name" "$server" "$REPS" "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" "$((REPS * size))" "$errors" "$(peak_mib "$pid")"
  echo "   $name $server: $REPS transfers, $errors errors"
}

echo "== load (core $CLIENT_CPU): wrk ${DURATION}s (after ${WARMUP}s warm-up) x ${CONNECTIONS} connections per small case, curl x $REPS per 256 MiB case"
for size in 1k 1m; do
  bytes=$(stat -c %s "$WORK/files/$size.bin")
  wrk_case "PUT $size" origin "$ORIGIN_PID" "$(presign "$size.bin" PUT)" "$bytes" "$WORK/files/$size.bin"
  wrk_case "PUT $size" nginx "$NGINX_PID" "http://127.0.0.1:$NPORT/put/$size.bin" "$bytes" "$WORK/files/$size.bin"
  wrk_case "GET $size" origin "$ORIGIN_PID" "$(presign "$size.bin" GET)" "$bytes"
  wrk_case "GET $size" nginx "$NGINX_PID" "http://127.0.0.1:$NPORT/$size.bin" "$bytes"
done
curl_case "PUT 256m" origin "$ORIGIN_PID" PUT "$(presign 256m.bin PUT)" "$WORK/files/256m.bin"
curl_case "PUT 256m" nginx "$NGINX_PID" PUT "http://127.0.0.1:$NPORT/put/256m.bin" "$WORK/files/256m.bin"
curl_case "GET 256m" origin "$ORIGIN_PID" GET "$(presign 256m.bin GET)" "$WORK/files/256m.bin"
curl_case "GET 256m" nginx "$NGINX_PID" GET "http://127.0.0.1:$NPORT/256m.bin" "$WORK/files/256m.bin"

# The stored objects must be exactly the files (a benchmark of wrong answers is worthless).
for size in 1k 1m 256m; do
  curl -s "$(presign "$size.bin" GET)" | cmp -s - "$WORK/files/$size.bin" || { echo "origin returned wrong bytes for $size.bin" >&2; exit 1; }
done

TABLE=$(python3 - "$RESULTS" "$DURATION" "$CONNECTIONS" "$REPS" "$WARMUP" "$AT_REST" <<'EOF'
import sys, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    case, server, requests, seconds, size, errors, peak, cpu = line.rstrip("\n").split("\t")
    s = float(seconds)
    rows.setdefault(case, {})[server] = (int(requests) / s, int(size) / s / 1e6, int(peak), int(errors), cpu)
print(f"origin Encryption:BucketDefault {sys.argv[6]}; wrk: {sys.argv[2]} s (after {sys.argv[5]} s untimed warm-up) x {sys.argv[3]} connections per 1 KiB / 1 MiB case; curl: {sys.argv[4]} sequential transfers per 256 MiB case")
print()
print("| case | origin req/s | nginx req/s | origin MB/s | nginx MB/s | origin/nginx throughput | server CPU µs/request origin / nginx | origin peak RSS MiB | nginx peak RSS MiB | errors (origin/nginx) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for case, r in rows.items():
    o, n = r["origin"], r["nginx"]
    ratio = o[0] / n[0] if n[0] else float("nan")
    cpu = f"{o[4]} / {n[4]}" if o[4] and n[4] else "–"
    print(f"| {case} | {o[0]:,.1f} | {n[0]:,.1f} | {o[1]:,.1f} | {n[1]:,.1f} | {ratio:.2f} | {cpu} | {o[2]} | {n[2]} | {o[3]}/{n[3]} |")
EOF
)
echo
echo "$TABLE"
if [[ -n "$OUT" ]]; then echo "$TABLE" > "$OUT"; fi
