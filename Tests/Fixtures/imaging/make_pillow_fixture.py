"""Reference outputs of Pillow's Image.resize for the Imaging tests.

Run from the repository root:  /work/venv/bin/python Tests/Fixtures/imaging/make_pillow_fixture.py
Writes pillow_resize.bin (every array, uint8, concatenated) and pillow_resize.json (the index:
name, offset, width, height of each array; shapes are (height, width, 3) RGB).
Sources: two synthetic images (smooth colour ramps + seeded noise + a hard-edged disc, so that both
flat areas and edges are exercised) and one embedded emoji. Cases cover downscale by integer and
non-integer factors, upscale, and a single axis.
"""
import json, os
import numpy as np
from PIL import Image
import PIL

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

def synthetic(w, h, seed):
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 255 * x / max(w - 1, 1)
    g = 255 * y / max(h - 1, 1)
    b = 128 + 100 * np.sin(x / 3.0) * np.cos(y / 5.0)
    img = np.stack([r, g, b], -1) + rng.normal(0, 25, (h, w, 3))
    disc = (x - w * 0.6) ** 2 + (y - h * 0.4) ** 2 < (min(w, h) * 0.25) ** 2
    img[disc] = [250, 20, 40]
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)

sources = {
    "ramp53x41": synthetic(53, 41, 1),
    "ramp64x64": synthetic(64, 64, 2),
    "emoji128": np.asarray(Image.open(os.path.join(ROOT, "samples/noto-emoji-people/glyph01777.png")).convert("RGB")),
}
targets = {
    "ramp53x41": [(17, 13), (26, 41), (53, 20), (106, 82), (7, 5)],
    "ramp64x64": [(32, 32), (16, 16), (21, 21), (100, 100)],
    "emoji128": [(64, 64), (32, 32), (37, 37)],
}
filters = {"nearest": Image.NEAREST, "box": Image.BOX, "bilinear": Image.BILINEAR,
           "hamming": Image.HAMMING, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS}

blob = bytearray()
index = {"pillow": PIL.__version__, "sources": [], "cases": []}
def put(arr):
    off = len(blob)
    blob.extend(arr.tobytes())
    return off
for name, arr in sources.items():
    index["sources"].append({"name": name, "width": arr.shape[1], "height": arr.shape[0], "offset": put(arr)})
    for (w, h) in targets[name]:
        for fname, f in filters.items():
            out = np.asarray(Image.fromarray(arr).resize((w, h), f))
            index["cases"].append({"source": name, "filter": fname, "width": w, "height": h, "offset": put(out)})
with open(os.path.join(HERE, "pillow_resize.bin"), "wb") as fh:
    fh.write(blob)
with open(os.path.join(HERE, "pillow_resize.json"), "w") as fh:
    json.dump(index, fh, indent=1)
print(f"{len(index['cases'])} cases, {len(blob)} bytes, Pillow {PIL.__version__}")

# Two small JPEGs the tests cannot easily make from raw bytes:
# cmyk_red.jpg: 8x8 CMYK (0, 255, 255, 0), plain (non-Adobe-inverted) CMYK as Pillow writes it; sRGB red.
Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(os.path.join(HERE, "cmyk_red.jpg"), quality=100)
# exif_rotate6.jpg: stored 16 wide x 8 high, left half red, right half blue, with EXIF orientation 6
# (display rotated 90° clockwise): shown 8 wide x 16 high, top half red, bottom half blue.
a = np.zeros((8, 16, 3), np.uint8); a[:, :8] = [255, 0, 0]; a[:, 8:] = [0, 0, 255]
exif = Image.Exif(); exif[0x0112] = 6
Image.fromarray(a).save(os.path.join(HERE, "exif_rotate6.jpg"), quality=100, exif=exif.tobytes())
