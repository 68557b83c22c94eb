"""The seed's FastAPI example, for comparison with `conclab serve` (bench/scripts/items-bench.sh).

    @app.get("/items")
    async def read_items():
        data = await fetch_data()
        return data

fetch_data() stands for a downstream call: it awaits asyncio.sleep(FETCH_DELAY_MS, default 10 ms)
and returns 20 items shaped like conclab serve's (no database: this only flatters FastAPI).
Run with Debian's packages (python3-fastapi, python3-uvicorn), one worker:

    cd bench/python && /usr/bin/python3 -m uvicorn items_app:app --workers 1 --port 8000
"""

import asyncio
import os

from fastapi import FastAPI

app = FastAPI()

FETCH_DELAY = float(os.environ.get("FETCH_DELAY_MS", "10")) / 1000.0
ITEMS = [{"id": i, "name": f"item {i}", "price_cents": 100 + (i * 37) % 9900} for i in range(1, 21)]


async def fetch_data():
    await asyncio.sleep(FETCH_DELAY)
    return ITEMS


@app.get("/items")
async def read_items():
    data = await fetch_data()
    return data
