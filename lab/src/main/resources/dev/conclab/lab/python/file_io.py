"""file: each task writes unit KiB to its own file, fsyncs it, reads it back; returns the CRC-32.

asyncio has no non-blocking file API, so the asyncio form runs the blocking one with
asyncio.to_thread, as the Java twin offloads it to the event loop's worker pool.
"""

import asyncio
import os
import threading
import zlib

KIND = "io"


def content(item, kib):
    return bytes((item * 131 + i * 7 + (i >> 10)) & 0xFF for i in range(kib * 1024))


def task(item, kib, env):
    data = content(item, kib)
    path = os.path.join(env["dir"], "f-%d-%d-%d" % (item, os.getpid(), threading.get_ident()))
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    with open(path, "rb") as f:
        back = f.read()
    os.remove(path)
    return zlib.crc32(back)


async def task_async(item, kib, env):
    return await asyncio.to_thread(task, item, kib, env)
