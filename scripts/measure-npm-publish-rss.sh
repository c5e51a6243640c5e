#!/usr/bin/env bash
# Measures the sample host's peak RSS (VmHWM) across one npm publish of a large tarball, to show that the publish
# document streams instead of being buffered. The document is built as the npm CLI builds it (manifest, then the
# tarball base64-encoded in _attachments) and sent with curl. Usage: scripts/measure-npm-publish-rss.sh [MiB, default 75]
set -euo pipefail
mib=${1:-75}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=glpat-measure-$RANDOM$RANDOM

mkdir -p "$work/package"
printf '{"name":"big-pkg","version":"1.0.0"}' >"$work/package/package.json"
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$work/package/blob.bin"
tar -czf "$work/big-pkg-1.0.0.tgz" -C "$work" package
python3 - "$work" <<'PY'
import base64, hashlib, json, sys
work = sys.argv[1]
data = open(f"{work}/big-pkg-1.0.0.tgz", "rb").read()
doc = {
    "_id": "big-pkg", "name": "big-pkg", "description": "measure", "dist-tags": {"latest": "1.0.0"},
    "versions": {"1.0.0": {"name": "big-pkg", "version": "1.0.0", "_id": "big-pkg@1.0.0", "dist": {
        "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
        "shasum": hashlib.sha1(data).hexdigest(), "tarball": "http://client.example/big-pkg/-/big-pkg-1.0.0.tgz"}}},
    "access": None,
    "_attachments": {"big-pkg-1.0.0.tgz": {"content_type": "application/octet-stream", "data": base64.b64encode(data).decode(), "length": len(data)}},
}
open(f"{work}/doc.json", "w").write(json.dumps(doc, separators=(",", ":")))
PY

pid=
# shellcheck source=scripts/sample-host.sh
. "$root/scripts/sample-host.sh"
start_sample_host
registry="http://127.0.0.1:$port/api/v4/projects/demo%2Fapp/packages/npm"
echo "idle peak RSS: $(( $(hwm) / 1024 )) MiB"
start=$(date +%s.%N)
curl -sf -X PUT -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data-binary "@$work/doc.json" "$registry/big-pkg" >/dev/null
end=$(date +%s.%N)
echo "after publishing a $(stat -c %s "$work/doc.json")-byte document ($(stat -c %s "$work/big-pkg-1.0.0.tgz")-byte tarball): peak RSS $(( $(hwm) / 1024 )) MiB, $(echo "$end - $start" | bc) s"
curl -sf -H "Authorization: Bearer $token" -o "$work/back.tgz" "$registry/big-pkg/-/big-pkg-1.0.0.tgz"
cmp "$work/big-pkg-1.0.0.tgz" "$work/back.tgz" && echo "tarball identical"
