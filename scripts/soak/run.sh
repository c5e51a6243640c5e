#!/usr/bin/env bash
# The soak test (issue 16): the sample host (Release, temp data directory, as scripts/bench/run.sh starts it) under
# mixed publish, install and delete traffic from the real clients in parallel loops on loopback, for MINUTES minutes:
#   npm      npm publish, npm install of that version, npm unpublish of the version five back
#   pypi     twine upload of a wheel, pip download of it, DELETE of the version five back (GitLab's packages API)
#   generic  curl PUT of 256 KiB, GET compared byte for byte, DELETE of the package three back
#   nuget    dotnet nuget push, curl GET of the .nupkg, dotnet nuget delete of the version three back
#   reads    curl GETs of the npm packument, PyPI simple page, NuGet registration and the packages API
# mvn is left out: a JVM start per operation would take most of the two cores the machine has.
# Every 10 s scripts/soak/sample.py records the host's RSS, VmHWM, open fds, threads and GC heap (dotnet-counters);
# the host's own per-request log gives p50/p99 per minute. scripts/soak/report.py writes docs/soak/ (samples.csv,
# latency.csv, soak.svg, summary.txt) and decides: the run fails when any client operation fails, any request answers
# 5xx, or memory, fds or threads grow (slope over the last 10 minutes above the thresholds documented there).
#
# Usage: scripts/soak/run.sh [minutes]        (default 30)   SOAK_OUT=dir to write elsewhere than docs/soak;
# SOAK_HOST_ARGS="--PackageRegistry:FileMemoryCacheBytes=8388608 ..." adds host settings (a smaller download cache
# reaches its bound within the run, so the growth check then sees the plateau rather than the cache filling).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
minutes=${1:-30}
out=${SOAK_OUT:-$root/docs/soak}
here=$root/scripts/soak

missing=()
for tool in dotnet npm twine pip curl jq python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]}. On Debian/Ubuntu: apt-get install -y npm twine python3-pip curl jq (and the .NET 10 SDK)" >&2
  exit 1
fi

work=$(mktemp -d)
host_pid=
counters_pid=
sampler_pid=
loops=()
keep=
cleanup() {
  for p in "${loops[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null
  [ -n "$counters_pid" ] && kill "$counters_pid" 2>/dev/null
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  if [ -n "$keep" ]; then echo "kept for inspection: $work (host.log, ops.log, failures.log)" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building the sample host (Release) ..."
dotnet build "$root/samples/Registry.Sample" -c Release -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
# A copy, so that building the repository while the soak runs does not change the host under test.
cp -r "$root/samples/Registry.Sample/bin/Release/net10.0" "$work/host"

counters_tool=$(command -v dotnet-counters || true)
if [ -z "$counters_tool" ]; then
  echo "installing dotnet-counters (for the GC heap) into $work/tools ..."
  if dotnet tool install --tool-path "$work/tools" dotnet-counters --version 10.0.750501 >"$work/tool.log" 2>&1; then
    counters_tool=$work/tools/dotnet-counters
  else
    echo "  dotnet-counters could not be installed; the GC heap column stays empty" >&2
  fi
fi

token=glpat-soak-$RANDOM$RANDOM$RANDOM
port=$(free_port)
host=127.0.0.1:$port
base=http://$host
project=demo%2Fapp
api=$base/api/v4/projects/$project
# Per-request lines (status, server time) with UTC timestamps, for the latency and 5xx figures. Deleted blobs are
# collected during the run (a 2-minute grace, every minute), so the store's disk use and the collector are soaked too;
# NuGet's delete deletes instead of unlisting, for the same reason.
PackageRegistry__DataPath="$work/data" PackageRegistry__Bootstrap__AdminToken="$token" \
  dotnet "$work/host/Registry.Sample.dll" --urls "$base" --contentRoot "$work/host" \
  --PackageRegistry:OrphanBlobGracePeriod=00:02:00 --PackageRegistry:GarbageCollectionInterval=00:01:00 \
  --PackageRegistry:NuGet:DeleteBehavior=Delete ${SOAK_HOST_ARGS:-} \
  --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information \
  --Logging:Console:FormatterName=simple --Logging:Console:FormatterOptions:SingleLine=true \
  --Logging:Console:FormatterOptions:UseUtcTimestamp=true "--Logging:Console:FormatterOptions:TimestampFormat=yyyy-MM-ddTHH:mm:ss.fff " \
  >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 150); do curl -sf "$base/" >/dev/null && break; sleep 0.2; done
curl -sf "$base/" >/dev/null || { echo "the sample host did not start; its log:" >&2; cat "$work/host.log" >&2; exit 1; }

start=$(date +%s)
end=$((start + minutes * 60))
: >"$work/ops.log"
touch "$work/failures.log"
if [ -n "$counters_tool" ]; then
  "$counters_tool" collect -p "$host_pid" --refresh-interval 10 --format csv -o "$work/counters.csv" --counters System.Runtime >"$work/counters.log" 2>&1 &
  counters_pid=$!
fi
python3 "$here/sample.py" "$host_pid" 10 "$work/samples.csv" "$work/counters.csv" "$work/stop" &
sampler_pid=$!

# op LOOP NAME command...: runs one client operation, logs it (ok|FAIL, seconds) and, when it fails, its output.
op() {
  local loop=$1 name=$2; shift 2
  local t0 t1 status=ok
  t0=$(date +%s.%N)
  if ! "$@" >"$work/$loop.last" 2>&1; then
    status=FAIL
    { echo "== $loop $name: $*"; cat "$work/$loop.last"; } >>"$work/failures.log"
  fi
  t1=$(date +%s.%N)
  printf '%s\t%s\t%s\t%s\t%.3f\n' "${t0%.*}" "$loop" "$name" "$status" "$(echo "$t1 - $t0" | bc)" >>"$work/ops.log"
}
running() { [ "$(date +%s)" -lt "$end" ]; }

npm_loop() {
  local dir=$work/npm i=0 v
  mkdir -p "$dir/pkg" "$dir/app"
  printf 'registry=%s/packages/npm/\n//%s/api/v4/projects/%s/packages/npm/:_authToken=%s\ncache=%s/cache\nfetch-retries=0\naudit=false\nfund=false\nupdate-notifier=false\n' \
    "$api" "$host" "$project" "$token" "$dir" >"$dir/npmrc"
  echo '{"name":"soak-app","version":"1.0.0","private":true}' >"$dir/app/package.json"
  while running; do
    v=1.0.$i
    printf '{"name":"soak-npm","version":"%s","main":"index.js"}\n' "$v" >"$dir/pkg/package.json"
    head -c 3000 /dev/urandom | base64 | sed 's/^/\/\/ /' >"$dir/pkg/index.js"
    op npm publish bash -c "cd '$dir/pkg' && npm publish --userconfig '$dir/npmrc'"
    op npm install bash -c "cd '$dir/app' && npm install soak-npm@$v --prefer-online --no-package-lock --userconfig '$dir/npmrc' && grep -q '\"$v\"' node_modules/soak-npm/package.json"
    [ "$i" -ge 5 ] && op npm unpublish bash -c "cd '$dir/app' && npm unpublish soak-npm@1.0.$((i - 5)) --force --userconfig '$dir/npmrc'"
    i=$((i + 1)); sleep 2
  done
}

# The id of a package version through GitLab's packages API (prints nothing when there is none).
package_id() { curl -sf -H "PRIVATE-TOKEN: $token" "$api/packages?package_type=$1&package_name=$2&per_page=100" | jq -er --arg v "$3" '[.[] | select(.version == $v)][0].id'; }
delete_package() { local id; id=$(package_id "$@") && curl -sf -X DELETE -H "PRIVATE-TOKEN: $token" "$api/packages/$id"; }

pypi_loop() {
  local dir=$work/pypi i=0 v wheel
  mkdir -p "$dir/dist" "$dir/dl"
  while running; do
    v=1.0.$i
    rm -f "$dir/dist/"*
    wheel=$(python3 "$here/make_package.py" wheel soak-py "$v" "$dir/dist")
    op pypi upload twine upload --non-interactive --disable-progress-bar --repository-url "$api/packages/pypi" -u __token__ -p "$token" "$wheel"
    op pypi download python3 -m pip download --no-deps --no-cache-dir --disable-pip-version-check -q -d "$dir/dl" \
      --index-url "http://__token__:$token@$host/api/v4/projects/$project/packages/pypi/simple/" "soak-py==$v"
    [ "$i" -ge 5 ] && op pypi delete delete_package pypi soak-py "1.0.$((i - 5))"
    rm -f "$dir/dl/"*
    i=$((i + 1)); sleep 2
  done
}

generic_loop() {
  local dir=$work/generic i=0 v
  mkdir -p "$dir"
  while running; do
    v=1.0.$i
    head -c 262144 /dev/urandom >"$dir/up.bin"
    op generic put curl -sf -H "PRIVATE-TOKEN: $token" --upload-file "$dir/up.bin" "$api/packages/generic/soak-generic/$v/blob.bin"
    op generic get bash -c "curl -sf -H 'PRIVATE-TOKEN: $token' -o '$dir/down.bin' '$api/packages/generic/soak-generic/$v/blob.bin' && cmp -s '$dir/up.bin' '$dir/down.bin'"
    [ "$i" -ge 3 ] && op generic delete delete_package generic soak-generic "1.0.$((i - 3))"
    i=$((i + 1)); sleep 1
  done
}

nuget_loop() {
  local dir=$work/nuget i=0 v nupkg source=soak
  mkdir -p "$dir"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_HOME=$dir NUGET_PACKAGES=$dir/packages
  # NuGet refuses an http source unless its configuration allows it (as the README's restore section shows).
  cat >"$dir/NuGet.Config" <<XML
<configuration>
  <packageSources><clear /><add key="soak" value="$api/packages/nuget/index.json" allowInsecureConnections="true" /></packageSources>
</configuration>
XML
  cd "$dir"
  while running; do
    v=1.0.$i
    rm -f "$dir/"*.nupkg
    nupkg=$(python3 "$here/make_package.py" nupkg Soak.NuGet "$v" "$dir")
    op nuget push dotnet nuget push "$nupkg" -k "$token" -s "$source" --configfile "$dir/NuGet.Config"
    op nuget get bash -c "curl -sf -u 'any:$token' -o '$dir/down.nupkg' '$api/packages/nuget/download/soak.nuget/$v/soak.nuget.$v.nupkg' && cmp -s '$nupkg' '$dir/down.nupkg'"
    # dotnet nuget delete has no --configfile: it reads the NuGet.Config of the working directory.
    [ "$i" -ge 3 ] && op nuget delete dotnet nuget delete Soak.NuGet "1.0.$((i - 3))" -k "$token" -s "$source" --non-interactive
    i=$((i + 1)); sleep 3
  done
}

reads_loop() {
  local auth=(-sf -o /dev/null -H "PRIVATE-TOKEN: $token") url
  local urls=("$api/packages/npm/soak-npm" "$api/packages/pypi/simple/soak-py/" "$api/packages/nuget/metadata/soak.nuget/index.json")
  # Until each write loop has published its first version these answer 404, which is no failure of the host.
  for url in "${urls[@]}"; do
    while running && ! curl "${auth[@]}" "$url"; do sleep 2; done
  done
  while running; do
    op reads packument curl "${auth[@]}" "${urls[0]}"
    op reads simple curl "${auth[@]}" "${urls[1]}"
    op reads registration curl "${auth[@]}" "${urls[2]}"
    op reads packages curl "${auth[@]}" "$api/packages?per_page=100"
    sleep 0.5
  done
}

echo "soak: $minutes minutes against $base (work directory $work) ..."
npm_loop & loops+=($!)
pypi_loop & loops+=($!)
generic_loop & loops+=($!)
nuget_loop & loops+=($!)
reads_loop & loops+=($!)
for p in "${loops[@]}"; do wait "$p" || true; done
loops=()
sleep 10   # one more sample after the last operation
touch "$work/stop"
wait "$sampler_pid" || true; sampler_pid=
# TERM, not INT: a background job of a non-interactive shell ignores SIGINT.
[ -n "$counters_pid" ] && { kill "$counters_pid" 2>/dev/null || true; wait "$counters_pid" 2>/dev/null || true; counters_pid=; }

status=0
python3 "$here/report.py" "$work" "$out" "$start" || status=$?
[ "$status" -ne 0 ] && keep=1
if [ -s "$work/failures.log" ]; then
  echo "failed operations (first 80 lines):" >&2; head -80 "$work/failures.log" >&2
fi
exit $status
