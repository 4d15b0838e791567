#!/usr/bin/env python3
"""The peer for `progan-sr bench inception`: pytorch-fid's own InceptionV3 for FID (src/pytorch_fid/inception.py:
InceptionV3([3], resize_input=True, normalize_input=True, use_fid_inception=True)) in eval mode under
torch.no_grad, on random inputs of batch 50 at 299x299 (no resize needed), random weights (the speed does not
depend on them; nothing is downloaded: pytorch-fid's weight loader is handed the network's own fresh state dict,
or a real weights file with --weights); median of timed runs after one warm-up, on 2 threads. One JSON line shaped
like the Swift benchmark's.

    /work/venv/bin/python bench/inception_torch.py [--reps 3] [--threads 2] [--batch 50] [--side 299] [--weights FILE]
"""
import argparse, json, time

import torch
import pytorch_fid.inception as pfi


def fresh_fid_state_dict():
    """The keys and shapes fid_inception_v3() loads, with torchvision's random initial values."""
    inception = pfi._inception_v3(num_classes=1008, aux_logits=False, weights=None)
    inception.Mixed_5b = pfi.FIDInceptionA(192, pool_features=32)
    inception.Mixed_5c = pfi.FIDInceptionA(256, pool_features=64)
    inception.Mixed_5d = pfi.FIDInceptionA(288, pool_features=64)
    inception.Mixed_6b = pfi.FIDInceptionC(768, channels_7x7=128)
    inception.Mixed_6c = pfi.FIDInceptionC(768, channels_7x7=160)
    inception.Mixed_6d = pfi.FIDInceptionC(768, channels_7x7=160)
    inception.Mixed_6e = pfi.FIDInceptionC(768, channels_7x7=192)
    inception.Mixed_7b = pfi.FIDInceptionE_1(1280)
    inception.Mixed_7c = pfi.FIDInceptionE_2(2048)
    return inception.state_dict()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=50)
    p.add_argument("--side", type=int, default=299)
    p.add_argument("--weights", help="pt_inception-2015-12-05 state dict as .pth or .safetensors (default: random)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.weights and a.weights.endswith(".safetensors"):
        from safetensors.torch import load_file
        state = load_file(a.weights)
    elif a.weights:
        state = torch.load(a.weights, map_location="cpu")
    else:
        state = fresh_fid_state_dict()
    original = pfi.load_state_dict_from_url
    pfi.load_state_dict_from_url = lambda *args, **kwargs: state
    try:
        model = pfi.InceptionV3([3], resize_input=True, normalize_input=True, use_fid_inception=True).eval()
    finally:
        pfi.load_state_dict_from_url = original
    x = torch.rand(a.batch, 3, a.side, a.side, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        model(x)
        times = []
        for _ in range(max(a.reps, 1)):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
    s = sorted(times)[len(times) // 2]
    name = f"inception-v3 fid {a.side}x{a.side} batch {a.batch}"
    print(f"{name}: {s:.3f} s/batch, {1000 * s / a.batch:.2f} ms/image (torch {torch.__version__}, {a.threads} threads)")
    print(json.dumps({"op": name, "ms": round(s * 1000, 3), "ms_per_image": round(1000 * s / a.batch, 2),
                      "img_s": round(a.batch / s, 2), "batch": a.batch, "input": a.side, "torch": torch.__version__},
                     sort_keys=True))


if __name__ == "__main__":
    main()
