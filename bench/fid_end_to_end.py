#!/usr/bin/env python3
"""FID end to end, `progan-sr eval fid` against pytorch-fid's own `calculate_fid_given_paths` (what its command
`python -m pytorch_fid DIR1 DIR2` runs), on the same PNG folders and the same Inception weights, both timed.

Without real weights here, both load the conformance fixture's random Inception weights (made from each key's name:
Tests/Fixtures/inception/make_inception_fixtures.py): pytorch-fid's downloader is handed them, and they are
written to a safetensors file for `--inception`. With `--weights FILE.safetensors` (pytorch-fid's real weights,
written as README.md shows) both use those instead. The images: `--count` of the embedded emoji
(samples/noto-emoji-people, 128 px) resized to `--side` px with Pillow's bicubic, two disjoint sets.

    /work/venv/bin/python bench/fid_end_to_end.py [--count 200] [--side 64] [--binary .build/release/progan-sr]

Prints both FIDs, their relative difference and both times; one JSON line. pytorch-fid averages the float32
features in float32 (calculate_activation_statistics), ProGANSR in double: expect agreement to about 1e-5.
"""
import argparse, glob, json, os, subprocess, sys, tempfile, time

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "Tests", "Fixtures", "inception"))
import make_inception_fixtures as fixtures  # noqa: E402
import pytorch_fid.inception as pfi  # noqa: E402
from pytorch_fid.fid_score import calculate_fid_given_paths  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=200, help="images per set")
    p.add_argument("--side", type=int, default=64)
    p.add_argument("--batch", type=int, default=50)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "progan-sr"))
    p.add_argument("--weights", help="pytorch-fid's weights as safetensors (default: the fixture's random weights)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    files = sorted(glob.glob(os.path.join(ROOT, "samples", "noto-emoji-people", "*.png")))
    assert len(files) >= 2 * a.count, f"{len(files)} emoji, fewer than 2 x {a.count}"
    with tempfile.TemporaryDirectory() as tmp:
        folders = [os.path.join(tmp, "real"), os.path.join(tmp, "fake")]
        for k, folder in enumerate(folders):
            os.makedirs(folder)
            for i, f in enumerate(files[k * a.count:(k + 1) * a.count]):
                Image.open(f).convert("RGB").resize((a.side, a.side), Image.BICUBIC).save(os.path.join(folder, f"{i:05d}.png"))
        if a.weights:
            weights, state = a.weights, load_file(a.weights)
        else:
            state = fixtures.random_fid_state_dict()
            weights = os.path.join(tmp, "inception.safetensors")
            save_file({k: v.contiguous() for k, v in state.items() if not k.endswith("num_batches_tracked")}, weights)
        original = pfi.load_state_dict_from_url
        pfi.load_state_dict_from_url = lambda *args, **kwargs: state
        try:
            t = time.perf_counter()
            theirs = float(calculate_fid_given_paths(folders, a.batch, "cpu", 2048, num_workers=0))
            their_seconds = time.perf_counter() - t
        finally:
            pfi.load_state_dict_from_url = original
        t = time.perf_counter()
        out = subprocess.run([a.binary, "eval", "fid", "--real", folders[0], "--fake", folders[1], "--inception", weights,
                              "--batch-size", str(a.batch), "--json"], capture_output=True, text=True, check=True)
        our_seconds = time.perf_counter() - t
        ours = json.loads(out.stdout)["fid"]
    relative = abs(ours - theirs) / abs(theirs)
    print(f"FID {a.count} vs {a.count} images of {a.side} px ({'given' if a.weights else 'random'} weights): "
          f"pytorch-fid {theirs:.6f} in {their_seconds:.1f} s, progan-sr {ours:.6f} in {our_seconds:.1f} s; "
          f"relative difference {relative:.2e}")
    print(json.dumps({"count": a.count, "side": a.side, "fid_pytorch_fid": theirs, "fid_progan_sr": ours, "relative": relative,
                      "seconds_pytorch_fid": round(their_seconds, 2), "seconds_progan_sr": round(our_seconds, 2),
                      "torch": torch.__version__}, sort_keys=True))


if __name__ == "__main__":
    main()
