#!/usr/bin/env bash
# The load benchmark (issue 7): the sample host in Release on a temp data directory against nginx serving the same
# bytes as static files, both measured with wrk in the same run; then the scaling run (metadata latency against
# catalog size) drawn with gnuplot into docs/bench/.
# scale-out (issue 19, about 25 minutes, not part of all): the rows of scripts/bench/postgres-reads.sh in one run:
# PostgreSQL read-only, reads beside 50 publishes/s into another project (PostgreSQL, SQLite), beside a new version
# of the read package each second, and downloads through the nginx offload with and without grants.
#
# Usage: scripts/bench/run.sh [load|scale|all|scale-out]          (default: all, which is load and scale)
# Settings (environment): BENCH_DURATION (wrk -d, default 10s), BENCH_ROUNDS (default 2: every config runs this
# often, and the table shows each round), BENCH_VERSIONS (versions per seeded package, default 50),
# BENCH_OUT (where results go, default docs/bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mode=${1:-all}
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-2}
versions=${BENCH_VERSIONS:-50}
out=${BENCH_OUT:-$root/docs/bench}
case "$mode" in load|scale|all|scale-out) ;; *) echo "usage: $0 [load|scale|all|scale-out]" >&2; exit 2 ;; esac

missing=()
tools=(dotnet nginx wrk curl python3); [ "$mode" = scale-out ] || tools+=(gnuplot)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "$mode" = scale-out ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || missing+=(libnginx-mod-http-js)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]}. On Debian/Ubuntu: apt-get install -y nginx wrk gnuplot-nox curl python3 (scale-out: postgresql libnginx-mod-http-js; and the .NET 10 SDK)" >&2
  exit 1
fi

work=$(mktemp -d)
chmod 755 "$work"   # nginx's workers run as an unprivileged user and must read the exported files
host_pid=
nginx_pid=
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building (Release) ..."
for project in samples/Registry.Sample tests/Registry.Benchmarks; do
  dotnet build "$root/$project" -c Release -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
tool() { dotnet "$root/tests/Registry.Benchmarks/bin/Release/net10.0/Registry.Benchmarks.dll" tool "$@"; }
# The first line of every results file: when, on what, by which command.
measured_on() { echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), by \`scripts/bench/run.sh $mode\`;"; }

if [ "$mode" = scale-out ]; then
  # Each configuration is a run of postgres-reads.sh (its own host, database and nginx); its lines are collected
  # into one table. The ratio targets are issue 19's.
  lines=$work/scale-out.tsv
  : >"$lines"
  run_config() { # name, then the environment of postgres-reads.sh
    local name=$1; shift
    echo "scale-out: $name ..."
    env "$@" bash "$root/scripts/bench/postgres-reads.sh" "$root" "$name" "$rounds" "$duration" | tee -a "$lines"
  }
  run_config "PostgreSQL, read-only" BENCH_PROVIDER=PostgreSql
  run_config "PostgreSQL, 50 publishes/s into another project" BENCH_PROVIDER=PostgreSql BENCH_WRITER=other:50
  run_config "PostgreSQL, the read package republished each second" BENCH_PROVIDER=PostgreSql BENCH_WRITER=self:1
  run_config "SQLite, 50 publishes/s into another project" BENCH_PROVIDER=Sqlite BENCH_WRITER=other:50
  run_config "SQLite, downloads through the nginx offload" BENCH_PROVIDER=Sqlite BENCH_OFFLOAD=1
  run_config "SQLite, downloads through the nginx offload with grants" BENCH_PROVIDER=Sqlite BENCH_OFFLOAD=grant
  mkdir -p "$out"
  {
    measured_on
    echo "wrk -t2 -c32 -d$duration with a token on the private project, $rounds round(s) (figures per round, separated by /), nginx serving the same bytes in the same minute (without a writer, ours and nginx alternate in ${BENCH_SLICES:-5} slices of the duration each, the order swapped each slice)."
    echo "Beside a writer, \"kept\" is the requests/s beside it over the same round's requests/s without it (adjacent windows of one host)."
    echo
    echo "| configuration | row | of nginx | kept beside the writer | target (issue 19) |"
    echo "| --- | --- | --- | --- | --- |"
    awk -F'\t' '
      { key = $1 "\t" $4; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
        ratio = $7; sub(/^ratio /, "", ratio); kept = "-"
        for (i = 8; i <= NF; i++) if ($i ~ /^kept /) { kept = $i; sub(/^kept /, "", kept) }
        sep = (key in r) ? " / " : ""; r[key] = r[key] sep ratio; k[key] = k[key] sep kept }
      END { for (i = 1; i <= n; i++) { split(order[i], part, "\t"); c = part[1]; t = "-"
              if (c ~ /read-only/) t = (part[2] ~ /tarball/) ? ">= 0.6 of nginx" : ">= 0.45 of nginx"
              if (c ~ /50 publishes/) t = "kept >= 70%"
              if (c ~ /republished/) t = "kept >= 50%"
              if (part[2] ~ /offload, grants/) t = ">= 0.9 of nginx"
              if (part[2] ~ /offload$/) t = "- (the host asked each time)"
              kk = k[order[i]]; if (kk ~ /^-( \/ -)*$/) kk = "-"
              printf "| %s | %s | %s | %s | %s |\n", c, part[2], r[order[i]], kk, t } }' "$lines"
  } >"$out/results-scale-out.md"
  echo
  cat "$out/results-scale-out.md"
  exit 0
fi

data=$work/data
token=glpat-bench-$RANDOM$RANDOM$RANDOM
port=$(free_port)
base=http://127.0.0.1:$port
tool prepare "$data" "$token"

# Starts the sample host on $port; extra arguments are configuration (--Key=Value). The content root is the build
# output, so the host runs with its shipped appsettings.json (as under `dotnet run`): ASP.NET Core logs warnings only.
# Without it the host would fall back to logging five lines per request, which the load would then measure.
host_dir=$root/samples/Registry.Sample/bin/Release/net10.0
start_host() {
  PackageRegistry__DataPath="$data" PackageRegistry__Bootstrap__AdminToken="glpat-admin-$RANDOM$RANDOM" \
    dotnet "$host_dir/Registry.Sample.dll" --urls "$base" --contentRoot "$host_dir" "$@" >>"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 150); do curl -sf "$base/" >/dev/null && return; sleep 0.2; done
  echo "the sample host did not start; its log:" >&2; cat "$work/host.log" >&2; exit 1
}
stop_host() { kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=; }

# wrk's figures as "requests/s p50_ms p99_ms"; fails when any answer was not 2xx/3xx.
# Usage: measure URL THREADS CONNECTIONS [header ...]
measure() {
  local url=$1 threads=$2 connections=$3; shift 3
  local args=() h
  for h in "$@"; do args+=(-H "$h"); done
  local report
  report=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 30s --latency "${args[@]}" "$url")
  if grep -qE 'Non-2xx|Socket errors' <<<"$report" || ! grep -q '99%' <<<"$report"; then
    echo "wrk saw errors or no answers from $url:" >&2; echo "$report" >&2; exit 1
  fi
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' <<<"$report"
}

mkdir -p "$out"

if [ "$mode" != scale ]; then
  # Seeding with per-request log lines, for the publish's server time; then a quiet host for the load.
  start_host --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information
  echo "seeding through the HTTP API ($versions versions per format, private and public project) ..."
  tool seed-http "$base" "$token" "$work/export" "$versions"
  publish_p50=$(grep -E 'Request finished HTTP/1.1 PUT .*/packages/npm/bench-big - 201' "$work/host.log" \
    | sed -E 's/.* ([0-9.]+)ms$/\1/' | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }')
  publish_count=$(grep -cE 'Request finished HTTP/1.1 PUT .*/packages/npm/bench-big - 201' "$work/host.log" || true)
  stop_host
  start_host

  nginx_port=$(free_port)
  chmod -R a+rX "$work/export"
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/export;
  }
}
EOF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/endpoints.tsv" && break; sleep 0.1; done

  # A long-running host has its hot paths compiled at the top tier and its thread pool grown to the load; a fresh one
  # spends its first seconds in the JIT and injecting threads, which would be charged to whichever rows run first.
  # Three seconds per row at the measured concurrency brings every path there, unmeasured.
  echo "warm-up: wrk -t2 -c32 -d3s per row, not measured ..."
  while IFS=$'\t' read -r _ url accept _ _ auth; do
    warm=(-H "Accept: ${accept/#-/*/*}")
    [ "$auth" = token ] && warm+=(-H "PRIVATE-TOKEN: $token")
    wrk -t2 -c32 -d3s "${warm[@]}" "$url" >/dev/null
  done <"$work/export/endpoints.tsv"

  echo "load: wrk -t2 -c32 -d$duration, $rounds rounds, ours and nginx back to back for each row ..."
  results=$work/load.tsv
  : >"$results"
  for round in $(seq "$rounds"); do
    while IFS=$'\t' read -r label url accept static target auth; do
      headers=()
      [ "$accept" != "-" ] && headers+=("Accept: $accept")
      ours_headers=("${headers[@]}")
      [ "$auth" = token ] && ours_headers+=("PRIVATE-TOKEN: $token")
      r=$(measure "$url" 2 32 "${ours_headers[@]}"); read -r ours_rps _ ours_p99 <<<"$r"
      r=$(measure "http://127.0.0.1:$nginx_port$static" 2 32 "${headers[@]}"); read -r nginx_rps _ nginx_p99 <<<"$r"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$label" "$auth" "$ours_rps" "$nginx_rps" "$ours_p99" "$nginx_p99" "$target" >>"$results"
      echo "  round $round  $label ($auth): ours $ours_rps/s, nginx $nginx_rps/s"
    done <"$work/export/endpoints.tsv"
  done

  {
    echo "| endpoint | caller | ours req/s | nginx req/s | ratio | target | our p99 | nginx p99 |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
    awk -F'\t' '
      { key = $2 "\t" $3; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
        sep = (key in ours) ? " / " : ""
        ours[key] = ours[key] sep $4; nginx[key] = nginx[key] sep $5
        ratio[key] = ratio[key] sep sprintf("%.2f", $4 / $5); p99[key] = p99[key] sep sprintf("%.1f ms", $6)
        np99[key] = np99[key] sep sprintf("%.1f ms", $7); target[key] = $8
        if (!(key in worst) || $4 / $5 < worst[key]) worst[key] = $4 / $5 }
      END { for (i = 1; i <= n; i++) { k = order[i]; split(k, part, "\t")
              met = worst[k] >= target[k] ? "met" : "NOT met"
              printf "| %s | %s | %s | %s | %s | %.0f%% (%s) | %s | %s |\n", part[1], part[2] == "token" ? "personal token, private project" : "anonymous, public project",
                ours[k], nginx[k], ratio[k], target[k] * 100, met, p99[k], np99[k] } }' "$results"
    echo
    echo "Publish of a 200 KB npm tarball (PUT with the tarball inline), server time from the request log line: p50 ${publish_p50} ms over ${publish_count} publishes (target: under 20 ms)."
  } >"$work/load.md"

  kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=
  stop_host
fi

if [ "$mode" != load ]; then
  [ -n "$host_pid" ] && stop_host
  echo "scale: seeding the catalog straight into SQLite ..."
  tool seed-catalog "$data"
  start_host
  api=$base/api/v4
  auth=("PRIVATE-TOKEN: $token")
  # The first request for a package renders its document (after start, or after a publish changed it); that cost is
  # reported on its own line, then two seconds per URL warm the host so the rounds measure the steady state.
  first_render=$(curl -sf -o /dev/null -w '%{time_total}' -H "${auth[0]}" "$api/projects/scale%2Fversions/packages/npm/scale-10000" \
    | awk '{ printf "%.0f", $1 * 1000 }')
  for n in 1 100 1000 10000; do
    for accept in '*/*' 'application/vnd.npm.install-v1+json'; do
      wrk -t1 -c1 -d2s -H "${auth[0]}" -H "Accept: $accept" "$api/projects/scale%2Fversions/packages/npm/scale-$n" >/dev/null
    done
  done
  for n in 10000 100000 1000000; do wrk -t1 -c1 -d2s -H "${auth[0]}" "$api/projects/scale%2Flist-$n/packages" >/dev/null; done
  wrk -t1 -c1 -d2s -H "${auth[0]}" "$api/groups/fifty/packages" >/dev/null

  echo "scale: wrk -t1 -c1 -d$duration (one request at a time: latency, not throughput), $rounds rounds ..."
  # One line per measurement: series x round p50 p99
  scale=$work/scale.tsv
  : >"$scale"
  for round in $(seq "$rounds"); do
    for n in 1 100 1000 10000; do
      r=$(measure "$api/projects/scale%2Fversions/packages/npm/scale-$n" 1 1 "${auth[@]}"); read -r _ p50 p99 <<<"$r"
      printf 'packument-full\t%s\t%s\t%s\t%s\n' "$n" "$round" "$p50" "$p99" >>"$scale"
      r=$(measure "$api/projects/scale%2Fversions/packages/npm/scale-$n" 1 1 "${auth[@]}" "Accept: application/vnd.npm.install-v1+json"); read -r _ p50 p99 <<<"$r"
      printf 'packument-abbreviated\t%s\t%s\t%s\t%s\n' "$n" "$round" "$p50" "$p99" >>"$scale"
    done
    for n in 10000 100000 1000000; do
      r=$(measure "$api/projects/scale%2Flist-$n/packages" 1 1 "${auth[@]}"); read -r _ p50 p99 <<<"$r"
      printf 'listing\t%s\t%s\t%s\t%s\n' "$n" "$round" "$p50" "$p99" >>"$scale"
    done
    r=$(measure "$api/groups/fifty/packages" 1 1 "${auth[@]}"); read -r _ p50 p99 <<<"$r"
    printf 'group-listing\t10000\t%s\t%s\t%s\n' "$round" "$p50" "$p99" >>"$scale"
    echo "  round $round done"
  done
  stop_host

  # Per series and size: the mean over rounds, for the plot.
  for series in packument-full packument-abbreviated listing; do
    awk -F'\t' -v s="$series" '$1 == s { n[$2]++; p50[$2] += $4; p99[$2] += $5 }
      END { for (x in n) printf "%s %.2f %.2f\n", x, p50[x] / n[x], p99[x] / n[x] }' "$scale" | sort -n >"$out/$series.dat"
  done
  gnuplot <<EOF
set terminal pngcairo size 1100,450 font ",10"
set output "$out/scaling.png"
set multiplot layout 1,2 title "Registry SDK sample host, SQLite, wrk -t1 -c1 (mean of $rounds rounds)"
set logscale x
set xlabel "versions of the package"
set ylabel "latency (ms)"
set key top left
set grid
set title "npm packument"
plot "$out/packument-full.dat" using 1:2 with linespoints title "full p50", \
     "$out/packument-full.dat" using 1:3 with linespoints title "full p99", \
     "$out/packument-abbreviated.dat" using 1:2 with linespoints title "abbreviated p50", \
     "$out/packument-abbreviated.dat" using 1:3 with linespoints title "abbreviated p99", \
     50 with lines dashtype 2 title "target p99 (10,000 versions)"
set xlabel "packages in the project"
set title "project package listing, first page (20)"
plot "$out/listing.dat" using 1:2 with linespoints title "p50", \
     "$out/listing.dat" using 1:3 with linespoints title "p99", \
     20 with lines dashtype 2 title "target p99 (1,000,000)"
unset multiplot
EOF

  {
    echo "| measurement | size | p50 per round | p99 per round | target |"
    echo "| --- | --- | --- | --- | --- |"
    awk -F'\t' '
      { key = $1 "\t" $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
        sep = (key in p50) ? " / " : ""; p50[key] = p50[key] sep sprintf("%.1f ms", $4); p99[key] = p99[key] sep sprintf("%.1f ms", $5) }
      END { for (i = 1; i <= n; i++) { k = order[i]; split(k, part, "\t"); t = "-"
              if (part[1] == "packument-full" && part[2] == 10000) t = "p99 < 50 ms"
              if (part[1] == "listing" && part[2] == 1000000) t = "p99 < 20 ms"
              if (part[1] == "group-listing") t = "< 50 ms (issue 3)"
              label = part[1] == "group-listing" ? "group listing, 50 projects, first page" : part[1]
              printf "| %s | %s | %s | %s | %s |\n", label, part[2], p50[k], p99[k], t } }' "$scale"
    echo
    echo "The first request for the 10,000-version packument after start, which renders it: ${first_render} ms (curl, before the warm-up; later requests are served from the cache until a publish changes the package)."
  } >"$work/scale.md"
fi

{
  measured_on
  echo "wrk -d$duration, $rounds rounds (figures per round, separated by /), nginx $(nginx -v 2>&1 | cut -d/ -f2) with sendfile on the exported bytes."
  echo
  [ -f "$work/load.md" ] && { cat "$work/load.md"; echo; }
  [ -f "$work/scale.md" ] && { cat "$work/scale.md"; echo; echo "Plot: [scaling.png](scaling.png)"; }
} >"$out/results-$mode.md"
echo
cat "$out/results-$mode.md"
