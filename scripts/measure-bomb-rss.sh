#!/usr/bin/env bash
# Sends each hostile upload of issue 16 (written by scripts/make-bombs.py) to a fresh sample host and prints the
# host's peak RSS (VmHWM) before and after, and the status answered. Usage: scripts/measure-bomb-rss.sh [bomb dir]
# (the inputs are generated there when missing; DEPTH, ENTRIES, KEYS, PARTS, NAME, BOMB override their sizes).
set -euo pipefail
root=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
bombs=${1:-$(mktemp -d)}
[ -f "$bombs/pypi.body" ] || python3 "$(dirname "$0")/make-bombs.py" "$bombs"
work=$(mktemp -d)
pid=
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
token=glpat-measure-$RANDOM$RANDOM
# The demo/app project the uploads go to (the sample's appsettings.json is not read outside its directory).
export PackageRegistry__Bootstrap__Group=demo PackageRegistry__Bootstrap__Project=app
# shellcheck source=scripts/sample-host.sh
. "$(dirname "$0")/sample-host.sh"
measure() { # label, path under the project's packages/, curl arguments...
  local label=$1 path=$2; shift 2
  port=$(free_port)
  rm -rf "$work/data"
  start_sample_host
  local idle; idle=$(hwm)
  local status; status=$(curl -s -o "$work/answer" -w '%{http_code}' -H "PRIVATE-TOKEN: $token" "$@" "http://127.0.0.1:$port/api/v4/projects/demo%2Fapp/packages/$path" || true)
  printf '%-28s idle %5d MiB  peak %5d MiB  HTTP %s  %s\n' "$label" $((idle / 1024)) $(($(hwm) / 1024)) "$status" "$(head -c 120 "$work/answer")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

ls -l "$bombs"
measure "maven pom depth" maven/com/example/bomb/1.0/bomb-1.0.pom -X PUT --data-binary "@$bombs/pom"
measure "nupkg entries" nuget/ -X PUT -F "package=@$bombs/nupkg"
measure "npm manifest keys" npm/keys-bomb -X PUT -H 'Content-Type: application/json' --data-binary "@$bombs/npm.json"
measure "pypi field names" pypi -X POST -H 'Content-Type: multipart/form-data; boundary=BOUNDARY' --data-binary "@$bombs/pypi.body"
measure "npm gzip bomb" npm/gzip-bomb -X PUT -H 'Content-Type: application/json' --data-binary "@$bombs/npm-bomb.json"
sha=$(sha256sum "$bombs/sdist_bomb-1.0.0.tar.gz" | cut -d' ' -f1)
measure "pypi sdist gzip bomb" pypi -X POST -F ':action=file_upload' -F name=sdist-bomb -F version=1.0.0 -F filetype=sdist \
  -F "sha256_digest=$sha" -F "content=@$bombs/sdist_bomb-1.0.0.tar.gz"
