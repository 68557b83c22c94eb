"""sleep: each task waits unit ms without using the CPU, like the note's asyncio.sleep(1)."""

import asyncio
import time

KIND = "io"


def task(item, ms, env):
    time.sleep(ms / 1000)
    return item


async def task_async(item, ms, env):
    await asyncio.sleep(ms / 1000)
    return item
