"""http: each task GETs /?i=item&delay=unit from the lab's local latency server.

The server answers after `delay` ms with item * 2654435761 + 12345. It listens on the same port
on 127.0.0.1 .. 127.0.0.4 (one accept queue each); when the base URL names 127.0.0.1, requests
are spread over the four addresses by item, as the Java twin spreads them.
Blocking form: urllib, like the note's requests.get(url); asyncio form: an asyncio streams client.
"""

import asyncio
import urllib.parse
import urllib.request

KIND = "io"
ADDRESSES = 4


def _target(item, env):
    parts = urllib.parse.urlsplit(env["url"])
    host = parts.hostname or "127.0.0.1"
    if host == "127.0.0.1":
        host = "127.0.0.%d" % (1 + item % ADDRESSES)
    return host, parts.port or 80


def _value(status, body):
    if status != 200:
        raise RuntimeError("latency server answered HTTP %d" % status)
    return int(body.strip())


def task(item, delay, env):
    host, port = _target(item, env)
    url = "http://%s:%d/?i=%d&delay=%d" % (host, port, item, delay)
    with urllib.request.urlopen(url, timeout=120) as resp:
        return _value(resp.status, resp.read())


async def task_async(item, delay, env):
    host, port = _target(item, env)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(("GET /?i=%d&delay=%d HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
                      % (item, delay, host, port)).encode("ascii"))
        await writer.drain()
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        length = None
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        body = await (reader.readexactly(length) if length is not None else reader.read())
        return _value(status, body)
    finally:
        writer.close()
        await writer.wait_closed()
