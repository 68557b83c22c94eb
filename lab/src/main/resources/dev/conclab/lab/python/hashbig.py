"""hashbig: SHA-256 over a 1 MiB buffer, chained, unit times per task.

hashlib releases the GIL while it hashes more than 2 KiB, so this is the note's
"C-level operation": threads run it in parallel even under the GIL.
"""

import hashlib

KIND = "cpu"
BUFFER_KIB = 1024


def buffer(item):
    """1 MiB: a 1 KiB block seeded by item, repeated."""
    block = bytes((item * 31 + i) & 0xFF for i in range(1024))
    return block * BUFFER_KIB


def compute(item, rounds):
    """Hashes the item's buffer rounds times, each hash starting with the previous digest."""
    data = buffer(item)
    digest = b""
    for _ in range(rounds):
        h = hashlib.sha256(digest)
        h.update(data)  # over 2 KiB: runs with the GIL released
        digest = h.digest()
    return int.from_bytes(digest[:8], "big", signed=True)
