"""primes: each task counts the primes in its own block of numbers by trial division."""

KIND = "cpu"
BASE = 1_000_000


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def compute(item, block):
    """The number of primes in [BASE + item * block, BASE + (item + 1) * block)."""
    start = BASE + item * block
    count = 0
    for n in range(start, start + block):
        if is_prime(n):
            count += 1
    return count
