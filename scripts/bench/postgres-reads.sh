#!/usr/bin/env bash
# PostgreSQL read benchmark (issue 19; scripts/bench/run.sh scale-out runs each configuration below in turn):
# the sample host (Release, from tree $1) on a throwaway PostgreSQL 15 on loopback, seeded through the HTTP API by
# the bench tool, then wrk -t2 -c32 on the private project's npm packument and a 200 KB tarball (token), each beside
# nginx serving the same bytes in the same minute (read-only: in alternating slices, BENCH_SLICES, default 5), and the
# rows of packages updated meanwhile (pg_stat_user_tables).
# Usage: scripts/bench/postgres-reads.sh [tree (default: this repository)] [label] [rounds] [duration]
# The tree must have the sample and the bench tool built in Release (scripts/bench/run.sh builds them).
# BENCH_WRITER=other:50 runs an open-loop writer beside each measured row (tool write-load): 50 generic publishes/s
# into another project (other), or self:1, a new version of the read npm package each second. Each row is then also
# measured without the writer in the same round, and the line reports the share kept ("kept").
# BENCH_PROVIDER=Sqlite measures the same rows on SQLite (no PostgreSQL started; the updates column then reads "-").
# BENCH_OFFLOAD=1 puts nginx in front of the host with downloads offloaded (X-Accel-Redirect, README "Downloads sent by
# nginx") and measures the tarball row through it, against nginx serving the file directly. BENCH_OFFLOAD=grant does the
# same with download grants (the README's grant configuration, samples/nginx/registry-grant.js; GrantSeconds=5), which
# needs nginx's JavaScript module (Debian: libnginx-mod-http-js).
# BENCH_METADATA_OPTIONS='PackageRegistry__Metadata__ChangeNotifications=false' passes settings to the host.
set -euo pipefail
tree=${1:-$(cd "$(dirname "$0")/../.." && pwd)}; label=${2:-$(git -C "$tree" rev-parse --short HEAD 2>/dev/null || echo tree)}; rounds=${3:-2}; duration=${4:-10s}
export PATH=/usr/lib/postgresql/15/bin:$PATH
work=$(mktemp -d /tmp/pgbench.XXXX); chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgport=$(free_port); port=$(free_port); nport=$(free_port); oport=$(free_port)
host_pid=; nginx_pid=
cleanup() { [ -n "$host_pid" ] && kill $host_pid 2>/dev/null; [ -n "$nginx_pid" ] && kill $nginx_pid 2>/dev/null;
  [ -d $work/pg ] && if [ "$(id -u)" = 0 ]; then su postgres -c "pg_ctl -D $work/pg stop -m immediate" >/dev/null 2>&1; else pg_ctl -D $work/pg stop -m immediate >/dev/null 2>&1; fi; rm -rf "$work"; }
trap cleanup EXIT
asuser() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; su postgres -c "$*"; else bash -c "$*"; fi; }
provider=${BENCH_PROVIDER:-PostgreSql}
if [ "$provider" = PostgreSql ]; then
mkdir -p $work/pg
asuser "initdb -D $work/pg -U postgres -A trust >/dev/null && pg_ctl -D $work/pg -o '-p $pgport -k $work -c listen_addresses=127.0.0.1 -c max_connections=200' -l $work/pg.log start >/dev/null"
sleep 2
psql -h 127.0.0.1 -p $pgport -U postgres -c 'CREATE DATABASE registry' >/dev/null
metadata=(PackageRegistry__Metadata__Provider=PostgreSql "PackageRegistry__Metadata__ConnectionString=Host=127.0.0.1;Port=$pgport;Username=postgres;Database=registry;Maximum Pool Size=64")
else
metadata=(PackageRegistry__Metadata__Provider=Sqlite)
fi
read -r -a extra <<< "${BENCH_METADATA_OPTIONS:-}"
if [ -n "${BENCH_OFFLOAD:-}" ]; then
  extra+=(PackageRegistry__Downloads__Offload__Mode=XAccelRedirect PackageRegistry__Downloads__Offload__Root=$work/data/blobs PackageRegistry__FileMemoryCacheBytes=0)
fi
load_js=
if [ "${BENCH_OFFLOAD:-}" = grant ]; then
  extra+=(PackageRegistry__Downloads__Offload__GrantSeconds=5)
  load_js="load_module /usr/lib/nginx/modules/ngx_http_js_module.so;"
fi
token=glpat-adminbench-$RANDOM$RANDOM
base=http://127.0.0.1:$port
hostdir=$tree/samples/Registry.Sample/bin/Release/net10.0
mkdir -p $work/data
env PackageRegistry__DataPath=$work/data PackageRegistry__Bootstrap__AdminToken=$token "${metadata[@]}" "${extra[@]}" \
  dotnet $hostdir/Registry.Sample.dll --urls $base --contentRoot $hostdir > $work/host.log 2>&1 &
host_pid=$!
for _ in $(seq 300); do curl -sf $base/ >/dev/null && break; sleep 0.2; done
api=$base/api/v4
# The namespaces the bench tool's seeding expects (tests/Registry.Benchmarks/Tools/BenchDirectory.cs): a private
# project bench/private and a public one open/public; the admin token reads and writes both.
group() { curl -sf -X POST -H "PRIVATE-TOKEN: $token" -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"path\":\"$1\",\"visibility\":\"public\"}" $api/groups | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])'; }
project() { curl -sf -X POST -H "PRIVATE-TOKEN: $token" -H 'Content-Type: application/json' -d "{\"name\":\"$2\",\"path\":\"$2\",\"namespace_id\":$1,\"visibility\":\"$2\"}" $api/projects >/dev/null; }
project "$(group bench)" private
project "$(group open)" public
dotnet $tree/tests/Registry.Benchmarks/bin/Release/net10.0/Registry.Benchmarks.dll tool seed-http $base $token $work/export 50 > $work/seed.log
chmod -R a+rX $work/export
# The offload front on port $oport. BENCH_OFFLOAD=1: keep-alive connections to the host, as a deployed proxy would have.
# BENCH_OFFLOAD=grant: the README's grant configuration itself, read from the README with this bench's ports and
# directories swapped in, as tests/Registry.EndToEnd.Tests/Offload/ReadmeNginx.cs does, so that the bench
# measures what users copy.
offload_front() {
  if [ "${BENCH_OFFLOAD:-}" = grant ]; then
    python3 - "$tree/README.md" "$tree/samples/nginx/registry-grant.js" "$work/nginx" "$port" "$oport" "$work/data/blobs" <<'PY'
import sys
readme, script, nginx, port, oport, blobs = sys.argv[1:]
lines = open(readme, encoding="utf-8").read().split("\n")
start = lines.index("```nginx", lines.index("#### Download grants: repeat downloads without asking the host"))
block = "\n".join(lines[start + 1:lines.index("```", start + 1)])
for readme_text, bench_text in [("/etc/nginx/registry-grant.js", script),
                                ("/var/cache/nginx/registry-grants", nginx + "/grants"),
                                ("unix:/run/nginx-registry-grants.sock", "unix:" + nginx + "/grants.sock"),
                                ("server 127.0.0.1:5000;", "server 127.0.0.1:" + port + ";"),
                                ("listen 80;", "listen 127.0.0.1:" + oport + ";"),
                                ("/mnt/registry/blobs/", blobs + "/")]:
    if readme_text not in block:
        sys.exit(f'the README\'s grant configuration no longer has "{readme_text}"')
    block = block.replace(readme_text, bench_text)
print(block)
PY
  else
    cat <<FRONT
  upstream registry_host { server 127.0.0.1:$port; keepalive 64; }
  server { listen 127.0.0.1:$oport;
    location / { proxy_pass http://registry_host; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$http_host; }
    location /_registry_blobs/ { internal; alias $work/data/blobs/; open_file_cache max=10000 inactive=60s; etag off; add_header ETag \$upstream_http_etag; } }
FRONT
  fi
}
front=$(offload_front)
mkdir -p $work/nginx
cat > $work/nginx/nginx.conf <<NG
$load_js
worker_processes auto; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000; default_type application/json;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/f; uwsgi_temp_path $work/nginx/u; scgi_temp_path $work/nginx/s;
  server { listen 127.0.0.1:$nport; root $work/export; }
  $front
}
NG
chmod -R a+rX $work/data
nginx -p $work/nginx -c $work/nginx/nginx.conf -g 'daemon off;' & nginx_pid=$!
sleep 1
# Rows of packages updated, as PostgreSQL's statistics count them (reported with a delay of up to 500 ms, hence the sleep).
upd() { [ "$provider" = PostgreSql ] || { echo 0; return; }; sleep 1; psql -h 127.0.0.1 -p $pgport -U postgres -d registry -tAc "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname='packages'"; }
rps() { rps_for $duration "$@"; }
rps_for() { local d=$1; shift; wrk -t2 -c32 -d$d "$@" | awk '/Requests\/sec/ {printf "%.0f", $2}'; }
# Read-only, ours and nginx alternate in slices of the duration (5 of 2 s each by default), the order swapped each
# slice, and each side's rate is the mean of its slices: two adjacent 10 s windows of the same configuration differed
# by up to 0.23 in ratio on this shared machine (2026-12-05), drift that alternating cancels. Prints "ours nginx".
slices=${BENCH_SLICES:-5}
alternating() { # $1: nginx's URL, read with the row's headers (h); the rest: wrk's arguments for ours
  local nurl=$1 d=$(( ${duration%s} / slices ))s o=0 n=0 i; shift
  for i in $(seq $slices); do
    if [ $((i % 2)) = 1 ]; then o=$((o + $(rps_for $d "$@"))); n=$((n + $(rps_for $d "${h[@]}" "$nurl")))
    else n=$((n + $(rps_for $d "${h[@]}" "$nurl"))); o=$((o + $(rps_for $d "$@"))); fi
  done
  echo "$((o / slices)) $((n / slices))"
}
grep -P '^npm (packument|tarball)' $work/export/endpoints.tsv | grep -P '\ttoken$' > $work/rows.tsv || true
[ -s $work/rows.tsv ] || { echo "no npm rows in:"; cat $work/export/endpoints.tsv; exit 1; }
# Warm-up: each row read for 3 s, beside the writer when there is one, so the host's read and publish paths are compiled
# (tiered JIT) before anything is measured; the first measured round paid the publish path's JIT otherwise.
# The writer is the load generator, on the registry's cores only because this bench has one machine: its thread pool
# does not spin between its 50 sends a second (measured: 0.4-0.8 s of CPU per 10 s instead of 1.2-1.4 s).
writer() { DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet $tree/tests/Registry.Benchmarks/bin/Release/net10.0/Registry.Benchmarks.dll tool write-load $base $token "${BENCH_WRITER#*:}" "$1" "${BENCH_WRITER%%:*}"; }
while IFS=$'\t' read -r l url accept static target auth; do
  h=(); [ "$accept" != "-" ] && h+=(-H "Accept: $accept")
  warm=
  if [ -n "${BENCH_WRITER:-}" ]; then writer 4 >/dev/null 2>&1 & warm=$!; fi
  wrk -t2 -c32 -d3s "${h[@]}" -H "PRIVATE-TOKEN: $token" "$url" >/dev/null
  # Only the writer: a bare wait would also wait for the host and nginx.
  [ -n "$warm" ] && { wait $warm || true; }
done < $work/rows.tsv
# The writer starts this long before wrk and runs until wrk ends, so its own process start and JIT (a load generator's
# cost, on the registry's 2 cores only because this bench has one machine) fall outside the measured window.
lead=2
# With a writer, each row is also measured read-only in the same round, next to the run beside the writer, so the share
# kept compares two adjacent 10 s windows of one host instead of two runs minutes apart; the order alternates between
# rounds so that neither side always gets the first window after the warm-up.
measure_ours() { # $1: with writer (1) or not (empty); the rest: wrk's arguments
  local with=$1 w=; shift
  if [ -n "$with" ]; then writer $(( ${duration%s} + lead )) > $work/writer.log 2>&1 & w=$!; sleep $lead; fi
  rps "$@"
  if [ -n "$w" ]; then wait $w || true; fi
}
for r in $(seq $rounds); do
  while IFS=$'\t' read -r l url accept static target auth; do
    h=(); [ "$accept" != "-" ] && h+=(-H "Accept: $accept")
    u0=$(upd)
    ours=$url
    if [ -n "${BENCH_OFFLOAD:-}" ]; then
      case "$l" in *tarball*) ours=${url/$base/http:\/\/127.0.0.1:$oport}; l="$l via nginx offload$([ "$BENCH_OFFLOAD" = grant ] && echo ", grants" || true)"
        # The seeder exported the host's answer, which is now a redirect header and no bytes: nginx's copy comes
        # through the proxy instead.
        curl -sf -H "PRIVATE-TOKEN: $token" -o "$work/export$static" "$ours"; chmod a+r "$work/export$static";; esac
    fi
    alone=; kept=
    if [ -n "${BENCH_WRITER:-}" ]; then
      if [ $((r % 2)) = 1 ]; then alone=$(measure_ours "" "${h[@]}" -H "PRIVATE-TOKEN: $token" "$ours"); fi
      o=$(measure_ours 1 "${h[@]}" -H "PRIVATE-TOKEN: $token" "$ours")
      if [ $((r % 2)) = 0 ]; then alone=$(measure_ours "" "${h[@]}" -H "PRIVATE-TOKEN: $token" "$ours"); fi
      kept="\tread-only $alone\tkept $(python3 -c "print(f'{100*$o/$alone:.0f}%')")"
      u1=$(upd); n=$(rps "${h[@]}" "http://127.0.0.1:$nport$static")
    else
      read -r o n < <(alternating "http://127.0.0.1:$nport$static" "${h[@]}" -H "PRIVATE-TOKEN: $token" "$ours")
      u1=$(upd)
    fi
    echo -e "$label\t$provider ${BENCH_WRITER:-read-only}\tround $r\t$l\tours $o\tnginx $n\tratio $(python3 -c "print(f'{$o/$n:.2f}')")$kept\tpackages row updates $((u1-u0))\tload $(cut -d' ' -f1 /proc/loadavg)\t$(cat $work/writer.log 2>/dev/null | tail -1)"
    rm -f $work/writer.log
  done < $work/rows.tsv
done
