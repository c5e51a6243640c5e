# Sourced by the measure scripts: builds and starts the sample host (Release) on $port with data in $work/data and
# admin token $token, setting $pid; hwm prints its peak RSS (VmHWM) in KiB.
start_sample_host() {
  dotnet build "$root/samples/Registry.Sample" -c Release -v q -nologo >/dev/null
  PackageRegistry__DataPath="$work/data" PackageRegistry__Bootstrap__AdminToken="$token" \
    dotnet "$root/samples/Registry.Sample/bin/Release/net10.0/Registry.Sample.dll" --urls "http://127.0.0.1:$port" >"$work/host.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done
}

hwm() { awk '/VmHWM/{print $2}' "/proc/$pid/status"; }
