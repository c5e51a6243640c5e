#!/usr/bin/env python3
"""Samples the soak's host every INTERVAL seconds until STOPFILE exists or the process ends.

Usage: sample.py PID INTERVAL OUT.csv COUNTERS.csv STOPFILE
Columns: elapsed_s, rss_mib and hwm_mib (VmRSS/VmHWM of /proc/PID/status), fds (entries of /proc/PID/fd), threads
(Threads of /proc/PID/status), gc_heap_mib (the GC heap after the last collection, from dotnet-counters' CSV when it
runs; empty otherwise).
"""
import os, sys, time

pid, interval, out, counters, stop = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
# .NET 8+ publishes this in the System.Runtime meter; older runtimes' EventCounter is "GC Heap Size (MB)".
HEAP_NAMES = ("dotnet.gc.last_collection.heap.size", "GC Heap Size")


def status():
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            values[key] = value.split()[0] if value.split() else ""
    return values


def gc_heap_mib():
    """The newest heap size dotnet-counters wrote: its CSV is Timestamp,Provider,Counter Name,Counter Type,Mean/Increment."""
    try:
        with open(counters, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 65536))
            lines = f.read().decode(errors="replace").splitlines()
    except OSError:
        return ""
    # The meter reports the heap per generation (one row each: gen0, gen1, gen2, loh, poh), so the newest rows of one
    # timestamp are summed.
    newest, total, megabytes = None, 0.0, False
    for line in reversed(lines):
        cells = line.split(",")
        if len(cells) < 5 or not cells[2].startswith(HEAP_NAMES):
            continue
        try:
            value = float(cells[-1])
        except ValueError:
            continue
        if newest is None:
            newest, megabytes = cells[0], "(MB)" in cells[2]
        elif cells[0] != newest:
            break
        total += value
    if newest is None:
        return ""
    # The meter reports bytes; the EventCounter megabytes.
    return f"{total:.1f}" if megabytes else f"{total / 1048576:.1f}"


start = time.time()
with open(out, "w") as f:
    f.write("elapsed_s,rss_mib,hwm_mib,fds,threads,gc_heap_mib\n")
    while not os.path.exists(stop):
        try:
            s = status()
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except OSError:
            break
        f.write(f"{time.time() - start:.0f},{int(s['VmRSS']) / 1024:.1f},{int(s['VmHWM']) / 1024:.1f},{fds},{s['Threads']},{gc_heap_mib()}\n")
        f.flush()
        time.sleep(interval)
