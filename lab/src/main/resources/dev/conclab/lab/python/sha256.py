"""sha256: hash a 1 KiB buffer with SHA-256 again and again (encryption-like work).

Every update is smaller than 2 KiB, so hashlib keeps the GIL: this is Python-level work.
"""

import hashlib

KIND = "cpu"


def compute(item, kib):
    """Hashes kib KiB: a 1 KiB block seeded by item, re-hashed block by block."""
    block = bytearray((item * 31 + i) & 0xFF for i in range(1024))
    digest = b""
    for k in range(kib):
        h = hashlib.sha256(block)
        h.update(digest)
        digest = h.digest()
        at = (k * 32) & 1023
        block[at:at + 32] = digest
    return int.from_bytes(digest[:8], "big", signed=True)
