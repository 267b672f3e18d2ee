#!/usr/bin/env bash
# bench-tls.sh — TLS termination, EdgeCdn vs nginx, in one run (issue 5's benchmark).
#
#   ./scripts/bench-tls.sh            # the real measurement (quiet machine, ~2-3 minutes per repetition)
#   SMOKE=1 ./scripts/bench-tls.sh    # a few seconds per test: proves the script works, figures mean nothing
#
# Servers (both on 127.0.0.1, ports asked from the OS, same certificate: ECDSA P-256 leaf + intermediate made here,
# the full chain sent; TLS 1.2/1.3 with 1.3 negotiated; session tickets on; h2 and http/1.1 via ALPN; 1 KiB from memory):
#   edgecdn  Kestrel + UseEdgeCdnTls (tests/EdgeCdn.Acme.BenchHost, Release): per-handshake SNI selection from the store
#   nginx    worker_processes 1, the ssl_* settings of ../shared/bench/nginx-cache/nginx.conf, `return 200 <1 KiB>`
# Tests (h2load and wrk as ../shared/bench/bench.sh runs them; the SNI is "localhost", which the certificate covers):
#   full     new full handshakes/s: every connection a new client (no resumption possible), one request each
#   resumed  handshakes/s with TLS 1.3 ticket resumption: 64 clients, Connection: close, one request per connection
#   hit      1 KiB responses/s over HTTPS keep-alive, 64 connections (wrk)
# Pinning as ../shared/bench/README.md: servers on SERVER_CPUS (1), load generator on CLIENT_CPUS (0), both nice -10.
# Every run is bounded (wrk -d, h2load -n, timeout). Only the processes started here are stopped, by their PIDs.
#
# Env: DURATION (10s) CONNS (64) FULL_CONNS (3000) FULL_RATE (600 per 100 ms) RESUMED_REQS (20000) REPS (1) WARMUP_SECONDS (20; 0 skips the warm-up)
#      SERVER_CPUS (1) CLIENT_CPUS (0) NICE (-10) OUT (results directory; default a new one under /tmp)
# Output: a table per repetition on stdout, and OUT/results.tsv (rep, server, test, rate, unit, failures).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ "${SMOKE:-0}" == 1 ]]; then
  DURATION=${DURATION:-2s} FULL_CONNS=${FULL_CONNS:-300} FULL_RATE=${FULL_RATE:-100} RESUMED_REQS=${RESUMED_REQS:-2000}
fi
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
FULL_CONNS=${FULL_CONNS:-3000}
FULL_RATE=${FULL_RATE:-600}
RESUMED_REQS=${RESUMED_REQS:-20000}
REPS=${REPS:-1}
SERVER_CPUS=${SERVER_CPUS:-1}
CLIENT_CPUS=${CLIENT_CPUS:-0}
NICE=${NICE:--10}

"$root/scripts/install-packages.sh" nginx nghttp2-client wrk openssl curl

work="$(mktemp -d /tmp/edgecdn-bench-tls.XXXXXX)"
OUT=${OUT:-$work/results}
mkdir -p "$OUT" "$work/run" "$work/data/certificates"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
client() { nice -n "$NICE" taskset -c "$CLIENT_CPUS" "$@"; }
wait_tls() { # wait_tls PORT: up to 30 s for a verified 1 KiB answer
  for _ in $(seq 1 150); do
    if [[ "$(curl -s --max-time 1 --cacert "$work/root.pem" "https://localhost:$1/" | wc -c)" == 1024 ]]; then return 0; fi
    sleep 0.2
  done
  echo "nothing verified on port $1" >&2; return 1
}

echo "== certificates (root -> intermediate -> leaf for localhost, ECDSA P-256)"
cd "$work"
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ec root.key; ec intermediate.key; ec leaf.key
openssl req -x509 -new -key root.key -subj "/CN=bench root" -days 2 -out root.pem \
  -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -new -key intermediate.key -subj "/CN=bench intermediate" -out intermediate.csr 2>/dev/null
printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > intermediate.ext
openssl x509 -req -in intermediate.csr -CA root.pem -CAkey root.key -CAcreateserial -days 2 -extfile intermediate.ext -out intermediate.pem 2>/dev/null
openssl req -new -key leaf.key -subj "/CN=localhost" -out leaf.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA intermediate.pem -CAkey intermediate.key -CAcreateserial -days 2 -extfile leaf.ext -out leaf.pem 2>/dev/null
cat leaf.pem intermediate.pem > fullchain.pem
# EdgeCdn's certificate store format: one PEM per name set, the key then the chain.
cat leaf.key fullchain.pem > data/certificates/localhost.pem
chmod 600 data/certificates/localhost.pem leaf.key

echo "== build the EdgeCdn bench host (Release)"
timeout 600 dotnet publish "$root/tests/EdgeCdn.Acme.BenchHost" -c Release -o "$work/host" -nologo -v quiet >/dev/null

edge_port=$(free_port)
nginx_port=$(free_port)
body=$(printf 'x%.0s' $(seq 1 1024))
cat > run/nginx.conf <<NGINX
# The TLS settings of ../shared/bench/nginx-cache/nginx.conf (TLS 1.2 allowed as on the edge; 1.3 is negotiated).
worker_processes 1;
pid $work/run/nginx.pid;
error_log $work/run/nginx.error.log warn;
events { worker_connections 16384; multi_accept on; }
http {
    access_log off;
    keepalive_requests 1000000; keepalive_timeout 75s;
    client_body_temp_path $work/run/body; proxy_temp_path $work/run/proxy;
    fastcgi_temp_path $work/run/fastcgi; uwsgi_temp_path $work/run/uwsgi; scgi_temp_path $work/run/scgi;
    server {
        listen 127.0.0.1:$nginx_port ssl http2 backlog=4096;
        ssl_certificate     $work/fullchain.pem;
        ssl_certificate_key $work/leaf.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_tickets on;
        ssl_session_cache shared:SSL:64m;
        ssl_session_timeout 1h;
        ssl_buffer_size 16k;
        location / { default_type application/octet-stream; return 200 "$body"; }
    }
}
NGINX

echo "== start nginx (:$nginx_port) and edgecdn (:$edge_port) on CPU $SERVER_CPUS"
# Simple commands in the background (no shell function): $! is then the server's own PID (nice and taskset exec it).
nice -n "$NICE" taskset -c "$SERVER_CPUS" nginx -p "$work/run" -c "$work/run/nginx.conf" -e "$work/run/nginx.error.log" -g "daemon off;" &
pids+=($!)
nice -n "$NICE" taskset -c "$SERVER_CPUS" dotnet "$work/host/EdgeCdn.Acme.BenchHost.dll" --port "$edge_port" --data "$work/data" >"$work/run/edgecdn.log" 2>&1 &
pids+=($!)
wait_tls "$nginx_port"
wait_tls "$edge_port"

printf 'rep\tserver\ttest\trate\tunit\tfailures\n' > "$OUT/results.tsv"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$OUT/results.tsv"; printf '  %-8s %-8s %12s %-14s failures %s\n' "$2" "$3" "$4" "$5" "$6"; }
h2load_rate() { awk '/finished in/{for(i=1;i<=NF;i++) if($i=="req/s,") print $(i-1)}' "$1"; }
h2load_failed() { awk '/^requests:/{print $10+$12}' "$1"; }

# Once, before the repetitions: what each test does, unrecorded, long enough for the .NET JIT to finish tiering up
# on one loaded core (15-25 s; nginx gets the same). WARMUP_SECONDS=0 skips it.
if (( ${WARMUP_SECONDS:-20} > 0 )); then
  for name in edgecdn nginx; do
    port=$edge_port; [[ $name == nginx ]] && port=$nginx_port
    url="https://localhost:$port/"
    echo "== warm-up $name (${WARMUP_SECONDS:-20} s keep-alive, one resumed and one full handshake run; not recorded)"
    client timeout 120 wrk -t1 -c"$CONNS" -d"${WARMUP_SECONDS:-20}s" "$url" >/dev/null 2>&1 || true
    client timeout 180 h2load --h1 -H "Connection: close" -c "$CONNS" -n "$RESUMED_REQS" "$url" >/dev/null 2>&1 || true
    client timeout 180 h2load --h1 -r "$FULL_RATE" --rate-period 100ms -c "$FULL_CONNS" -n "$FULL_CONNS" "$url" >/dev/null 2>&1 || true
  done
fi

for rep in $(seq 1 "$REPS"); do
  echo "== repetition $rep (DURATION=$DURATION, CONNS=$CONNS, FULL_CONNS=$FULL_CONNS, RESUMED_REQS=$RESUMED_REQS)"
  for name in edgecdn nginx; do
    port=$edge_port; [[ $name == nginx ]] && port=$nginx_port
    url="https://localhost:$port/"
    # Warm-up (JIT, pools): a short keep-alive burst, not recorded.
    client timeout 60 wrk -t1 -c"$CONNS" -d1s "$url" >/dev/null 2>&1 || true

    f="$OUT/r${rep}-$name-full.txt"
    client timeout 180 h2load --h1 -r "$FULL_RATE" --rate-period 100ms -c "$FULL_CONNS" -n "$FULL_CONNS" "$url" > "$f" 2>&1 || true
    record "$rep" "$name" full "$(h2load_rate "$f")" "handshakes/s" "$(h2load_failed "$f")"

    f="$OUT/r${rep}-$name-resumed.txt"
    client timeout 180 h2load --h1 -H "Connection: close" -c "$CONNS" -n "$RESUMED_REQS" "$url" > "$f" 2>&1 || true
    record "$rep" "$name" resumed "$(h2load_rate "$f")" "handshakes/s" "$(h2load_failed "$f")"

    f="$OUT/r${rep}-$name-hit.txt"
    client timeout 180 wrk -t1 -c"$CONNS" -d"$DURATION" "$url" > "$f" 2>&1 || true
    record "$rep" "$name" hit-1k "$(awk '/Requests\/sec/{print $2}' "$f")" "responses/s" "$(awk '/Non-2xx|Socket errors/{s=s $0 " "} END{print (s==""?0:s)}' "$f")"
  done
done

echo "== ratios edgecdn / nginx (median over repetitions)"
python3 - "$OUT/results.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for test in ("full", "resumed", "hit-1k"):
    def med(server):
        values = [float(r["rate"]) for r in rows if r["server"] == server and r["test"] == test and r["rate"]]
        return statistics.median(values) if values else float("nan")
    edge, nginx = med("edgecdn"), med("nginx")
    print(f"  {test:8} edgecdn {edge:10.0f}  nginx {nginx:10.0f}  ratio {edge / nginx if nginx else float('nan'):.2f}x")
PY
echo "raw output and results.tsv in $OUT"
