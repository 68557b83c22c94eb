"""sql: each task connects to a database and runs unit point queries; returns the sum of v.

The table is the lab's: items(id, v) with 10,000 rows and v = id * 3 + 1. The standard library
has no client for the lab's H2 server, so the twin uses sqlite3 on a file made by setup():
the same queries and results, but a local file instead of a socket. asyncio offloads the
blocking driver with asyncio.to_thread, as the Java twin does with executeBlocking.
"""

import asyncio
import os
import sqlite3

KIND = "io"
ROWS = 10_000


def row_id(item, q):
    return (item * 7919 + q * 104_729) % ROWS


def setup(unit, env):
    path = os.path.join(env["dir"], "items.db")
    if not os.path.exists(path):
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, v INTEGER)")
            db.executemany("INSERT INTO items VALUES (?, ?)", ((i, i * 3 + 1) for i in range(ROWS)))
    env["db"] = path


def task(item, queries, env):
    db = sqlite3.connect(env["db"])
    try:
        total = 0
        for q in range(queries):
            row = db.execute("SELECT v FROM items WHERE id = ?", (row_id(item, q),)).fetchone()
            if row is None:
                raise RuntimeError("row %d is missing" % row_id(item, q))
            total += row[0]
        return total
    finally:
        db.close()


async def task_async(item, queries, env):
    return await asyncio.to_thread(task, item, queries, env)
