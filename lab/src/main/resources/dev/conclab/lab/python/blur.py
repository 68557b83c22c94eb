"""blur: box-blur a generated grey-scale image tile (image processing)."""

KIND = "cpu"
MASK = (1 << 64) - 1


def tile(item, w):
    """A w x w tile of pixels 0..255 from a 64-bit linear congruential generator seeded by item."""
    seed = (0x9E3779B97F4A7C15 * (item + 1)) & MASK
    img = [0] * (w * w)
    for i in range(w * w):
        seed = (seed * 6364136223846793005 + 1442695040888963407) & MASK
        img[i] = (seed >> 33) & 0xFF
    return img


def compute(item, w):
    """Three 3x3 box-blur passes over the item's tile; the sum of the pixels."""
    img = tile(item, w)
    out = [0] * (w * w)
    for _ in range(3):
        for y in range(w):
            for x in range(w):
                total = 0
                count = 0
                for yy in range(max(0, y - 1), min(w, y + 2)):
                    row = yy * w
                    for xx in range(max(0, x - 1), min(w, x + 2)):
                        total += img[row + xx]
                        count += 1
                out[y * w + x] = total // count
        img, out = out, img
    return sum(img)
