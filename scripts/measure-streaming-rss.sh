#!/usr/bin/env bash
# Measures the sample host's peak RSS (VmHWM) across a large generic upload and download, to show that
# bodies stream instead of being buffered. Usage: scripts/measure-streaming-rss.sh [size, default 2G] [filesystem|s3]
# With s3 the blobs go to s3rver on loopback (installed under ~/.cache/registry-tests/s3rver, as .ci/run does).
set -euo pipefail
size=${1:-2G}
blobs=${2:-filesystem}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
s3pid=
trap 'kill "$pid" 2>/dev/null || true; [ -z "$s3pid" ] || kill "$s3pid" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
token=glpat-measure-$RANDOM$RANDOM

if [ "$blobs" = s3 ]; then
  s3port=$(free_port)
  mkdir -p "$work/s3"
  node "$HOME/.cache/registry-tests/s3rver/node_modules/s3rver/bin/s3rver.js" -d "$work/s3" -a 127.0.0.1 -p "$s3port" \
    --silent --no-vhost-buckets --configure-bucket registry >"$work/s3rver.log" 2>&1 &
  s3pid=$!
  export PackageRegistry__Blobs__Provider=S3 PackageRegistry__Blobs__S3__ServiceUrl="http://127.0.0.1:$s3port" \
    PackageRegistry__Blobs__S3__Bucket=registry PackageRegistry__Blobs__S3__AccessKey=S3RVER \
    PackageRegistry__Blobs__S3__SecretKey=S3RVER PackageRegistry__Blobs__S3__ForcePathStyle=true \
    PackageRegistry__Blobs__S3__UseChunkEncoding=false PackageRegistry__Blobs__S3__Checksums=WhenRequired
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$s3port/" >/dev/null && break; sleep 0.2; done
fi

pid=
# shellcheck source=scripts/sample-host.sh
. "$root/scripts/sample-host.sh"
start_sample_host
echo "blobs: $blobs"
echo "idle peak RSS: $(( $(hwm) / 1024 )) MiB"
head -c "$size" /dev/urandom >"$work/big.bin"
url="http://127.0.0.1:$port/api/v4/projects/demo%2Fapp/packages/generic/big/1.0.0/big.bin"
start=$(date +%s.%N)
curl -sf -H "PRIVATE-TOKEN: $token" --upload-file "$work/big.bin" "$url" >/dev/null
mid=$(date +%s.%N)
echo "after upload of $size: peak RSS $(( $(hwm) / 1024 )) MiB, $(echo "$mid - $start" | bc) s"
curl -sf -H "PRIVATE-TOKEN: $token" -o "$work/back.bin" "$url"
end=$(date +%s.%N)
echo "after download: peak RSS $(( $(hwm) / 1024 )) MiB, $(echo "$end - $mid" | bc) s"
cmp "$work/big.bin" "$work/back.bin" && echo "bytes identical"
