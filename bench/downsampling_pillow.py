"""Pillow peer of `progan-sr compare-downsampling`: time per image of Image.resize with each of
Pillow's six filters on the same images (centre-cropped squares, decoded beforehand), median of
--repeat runs, one thread (Pillow's resize is single-threaded).

    /work/venv/bin/python bench/downsampling_pillow.py [DIR] --to 64 --repeat 3
"""
import argparse, json, os, sys, time
from PIL import Image
import PIL

p = argparse.ArgumentParser()
p.add_argument("dir", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "samples", "noto-emoji-people"))
p.add_argument("--to", type=int, default=64)
p.add_argument("--repeat", type=int, default=3)
a = p.parse_args()

images = []
for root, _, files in os.walk(a.dir):
    for f in sorted(files):
        if f.startswith("."):
            continue
        try:
            im = Image.open(os.path.join(root, f)).convert("RGB")
        except Exception:
            continue
        s = min(im.size)
        if s <= a.to:
            continue
        l, t = (im.width - s) // 2, (im.height - s) // 2
        im = im.crop((l, t, l + s, t + s)); im.load()
        images.append(im)

filters = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC,
           "lanczos": Image.LANCZOS, "hamming": Image.HAMMING, "box": Image.BOX}
results = []
print(f"{len(images)} images -> {a.to} px, Pillow {PIL.__version__}, median of {a.repeat}")
print(f"{'kernel':<10}  ms/img")
for name, f in filters.items():
    runs = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        for im in images:
            im.resize((a.to, a.to), f)
        runs.append((time.perf_counter() - t0) * 1000 / len(images))
    ms = sorted(runs)[len(runs) // 2]
    results.append({"kernel": name, "msPerImage": ms})
    print(f"{name:<10}  {ms:.3f}")
print(json.dumps({"pillow": PIL.__version__, "images": len(images), "to": a.to, "results": results}))
