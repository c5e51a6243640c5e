#!/usr/bin/env bash
# Measures the sample host's peak RSS (VmHWM) across a large generic upload and download, to show that
# bodies stream instead of being buffered. Usage: scripts/measure-streaming-rss.sh [size, default 2G]
set -euo pipefail
size=${1:-2G}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=glpat-measure-$RANDOM$RANDOM

dotnet build "$root/samples/Registry.Sample" -c Release -v q -nologo >/dev/null
PackageRegistry__DataPath="$work/data" PackageRegistry__Bootstrap__AdminToken="$token" \
  dotnet "$root/samples/Registry.Sample/bin/Release/net10.0/Registry.Sample.dll" --urls "http://127.0.0.1:$port" >"$work/host.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done

hwm() { awk '/VmHWM/{print $2}' "/proc/$pid/status"; }
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
