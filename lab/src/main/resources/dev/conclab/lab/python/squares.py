"""squares: the note's compute(n) = n * n, one tiny task per number."""

KIND = "cpu"


def compute(n, unit):
    """n * n, computed unit times, as the note's compute(n)."""
    v = 0
    for _ in range(unit):
        v = n * n
    return v
