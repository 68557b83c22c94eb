"""kmeans: fit k-means (k=8) to generated 2-D points (model training)."""

KIND = "cpu"
K = 8
ITERATIONS = 10
MASK = (1 << 64) - 1


def points(item, n):
    seed = (0xD1B54A32D192ED03 * (item + 7)) & MASK
    xs = [0] * n
    ys = [0] * n
    for i in range(n):
        seed = (seed * 6364136223846793005 + 1442695040888963407) & MASK
        c = (seed >> 60) & 7
        xs[i] = c * 1000 + ((seed >> 20) & 511)
        ys[i] = (c % 3) * 1000 + ((seed >> 40) & 511)
    return xs, ys


def compute(item, n):
    """Ten Lloyd iterations on the item's n points; a checksum of the centres (a signed 64-bit int)."""
    xs, ys = points(item, n)
    cx = [xs[k * n // K] for k in range(K)]
    cy = [ys[k * n // K] for k in range(K)]
    assign = [0] * n
    for _ in range(ITERATIONS):
        for i in range(n):
            x, y = xs[i], ys[i]
            best = None
            best_k = 0
            for k in range(K):
                dx = x - cx[k]
                dy = y - cy[k]
                d = dx * dx + dy * dy
                if best is None or d < best:
                    best = d
                    best_k = k
            assign[i] = best_k
        sx = [0] * K
        sy = [0] * K
        count = [0] * K
        for i in range(n):
            a = assign[i]
            sx[a] += xs[i]
            sy[a] += ys[i]
            count[a] += 1
        for k in range(K):
            if count[k]:
                cx[k] = sx[k] // count[k]
                cy[k] = sy[k] // count[k]
    v = 0
    for k in range(K):
        v = (v * 31 + cx[k] * 7 + cy[k]) & MASK
    return v - (1 << 64) if v >= 1 << 63 else v
