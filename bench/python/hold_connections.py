"""Opens COUNT keep-alive HTTP connections to a server, sends one GET on each, then holds them idle.

    /usr/bin/python3 hold_connections.py HOST PORT COUNT [PATH]

Prints "held N" once every connection has had its response, then waits for a line on stdin (or
EOF), then prints "still open M" (connections the server has not closed) and exits.
Used by bench/scripts/items-idle.sh.
"""

import asyncio
import sys


async def open_one(host, port, path, sem, conns, failures):
    async with sem:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            conns.append((reader, writer))
        except Exception as e:  # noqa: BLE001 - counted and reported
            failures.append(type(e).__name__)


async def main():
    host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    path = sys.argv[4] if len(sys.argv) > 4 else "/items/1"
    sem = asyncio.Semaphore(200)
    conns, failures = [], []
    await asyncio.gather(*(open_one(host, port, path, sem, conns, failures) for _ in range(count)))
    print(f"held {len(conns)}" + (f" failed {len(failures)} ({failures[0]})" if failures else ""), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    # a connection the server closed reads EOF at once; an open idle one times out
    still = 0
    for reader, _ in conns:
        try:
            data = await asyncio.wait_for(reader.read(1), timeout=0.001)
            if data:
                still += 1
        except asyncio.TimeoutError:
            still += 1
        except Exception:  # noqa: BLE001
            pass
    print(f"still open {still}", flush=True)
    for _, writer in conns:
        writer.close()


asyncio.run(main())
