#!/usr/bin/env bash
# Replays the synthetic matrix of docs/benchmarks.md ("Cache replay"): Zipf alpha 0.7, 0.9 and 1.1 over 1,000,000
# objects, lognormal sizes (median 20 KiB, sigma 1), 10,000,000 requests, without and with 30% one-hit wonders,
# against S3Fifo, Lru and MemoryCache with memory budgets of 0.1%, 1% and 10% of each trace's working set.
# One replay at a time (each is single-threaded); Markdown tables go to standard output.
#   scripts/cache-replay-matrix.sh [REQUESTS] [OBJECTS]     (defaults 10000000 1000000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests=${1:-10000000}
objects=${2:-1000000}
dotnet build "$root/src/EdgeCdn.Cli" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
cli="$root/src/EdgeCdn.Cli/bin/Release/net10.0/edgecdn.dll"
for onehit in 0 0.3; do
  for alpha in 0.7 0.9 1.1; do
    spec="zipf:alpha=$alpha,objects=$objects,requests=$requests,median=20KiB,sigma=1,onehit=$onehit,seed=1"
    echo
    echo "### alpha $alpha, one-hit wonders $onehit"
    echo
    echo '```'
    echo "dotnet $cli cache-replay --synthetic $spec --policy S3Fifo,Lru,MemoryCache --memory-bytes 0.1%,1%,10% --markdown" | sed "s|$root/||"
    echo '```'
    dotnet "$cli" cache-replay --synthetic "$spec" --policy S3Fifo,Lru,MemoryCache --memory-bytes 0.1%,1%,10% --markdown
  done
done
