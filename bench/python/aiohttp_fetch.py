#!/usr/bin/env python3
"""The note's URL fetch as a Python user would write it today: asyncio + aiohttp.

Reads URLs from FILE (one per line; blank lines and lines starting with # are skipped), GETs
all of them at once (TCPConnector(limit=0): no cap on connections, one asyncio.gather of every
request), reads each body, and prints the count of each status (or exception name), then the
time the fetch took, as one JSON line on stdout:

    {"200": 10000, "time_ms": 1234.5, "cpu_ms": 2345.6}

    python3 bench/python/aiohttp_fetch.py FILE [--warmup N] [--timeout SECONDS]

--warmup N fetches the whole list N times first (each with a fresh session, so connections are
not reused), unmeasured; time_ms and cpu_ms (this process's CPU, user + sys) then cover the
measured fetch only. Exit code 0 when every request got a status below 400, 1 otherwise.
"""
import argparse
import asyncio
import collections
import json
import sys
import time

import aiohttp


async def fetch_all(urls, timeout_s):
    counts = collections.Counter()
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def get(url):
            try:
                async with session.get(url) as response:
                    await response.read()
                    return response.status
            except Exception as e:  # a failure is counted, as a row would be
                return type(e).__name__

        counts.update(await asyncio.gather(*(get(u) for u in urls)))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--warmup", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    with open(args.file, encoding="utf-8") as f:
        urls = [s for s in (line.strip() for line in f) if s and not s.startswith("#")]
    for _ in range(args.warmup):
        asyncio.run(fetch_all(urls, args.timeout))
    t0, c0 = time.perf_counter(), time.process_time()
    counts = asyncio.run(fetch_all(urls, args.timeout))
    t1, c1 = time.perf_counter(), time.process_time()
    out = {str(k): v for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))}
    out["time_ms"] = round((t1 - t0) * 1000, 1)
    out["cpu_ms"] = round((c1 - c0) * 1000, 1)
    print(json.dumps(out))
    ok = all(isinstance(k, int) and k < 400 for k in counts)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
