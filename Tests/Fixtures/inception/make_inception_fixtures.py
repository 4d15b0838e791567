"""Reference fixtures for the Inception-v3 of the FID convention and for FID, KID and IS.

Run with a Python that has torch, torchvision, numpy, scipy, pytorch-fid, torch-fidelity and safetensors:

    python Tests/Fixtures/inception/make_inception_fixtures.py

It writes, beside itself:

  network_io.safetensors   images of odd sizes (float32 in [0, 1]) and, for each, pytorch-fid's pool3
                           features, the logits fc(pool3) with and without fc's bias, and the spatial means of
                           pytorch-fid's blocks 0-2 (to tell where a difference starts)
  network_io.json          the weight generator's parameters and a checksum of every weight tensor
  metrics.safetensors      fixed feature vectors and logits (float32)
  metrics.json             FID (pytorch-fid), KID (torch-fidelity), IS (torch-fidelity and the original formula)
                           computed from them in double precision, and numpy's legacy RandomState draws

The network is pytorch-fid's own `InceptionV3([3], resize_input=True, normalize_input=True,
use_fid_inception=True)` (src/pytorch_fid/inception.py), built without downloading anything: its weight loader
`load_state_dict_from_url` is replaced by one that returns random weights for exactly the keys and shapes of
`fid_inception_v3()`, which then loads them strictly, as it loads pt_inception-2015-12-05-6726825d.pth.

The ~90 MB of weights are not committed. They are a pure function of each key's name and shape, which the Swift
test computes the same way (Tests/InceptionTestSupport/RandomInceptionWeights.swift), bit for bit:

  seed(key)   = FNV-1a 64 of the key's UTF-8 bytes
  z_i         = SplitMix64's i-th output from that seed, i = 1, 2, …:
                z = seed + i·0x9E3779B97F4A7C15; z = (z ^ z>>30)·0xBF58476D1CE4E5B9; z = (z ^ z>>27)·0x94D049BB133111EB;
                z ^= z>>31 (all mod 2^64)
  u_i         = (z_i >> 40) / 2^24 ∈ [0, 1), exact in float32
  value       = float32 of, in double:
                  *.conv.weight          (2u − 1)·√(6 / fan_in)   fan_in = C·kh·kw (He's uniform: activations keep their scale)
                  *.bn.weight            0.5 + u
                  *.bn.bias              0.2·(2u − 1)
                  *.bn.running_mean      0.2·(2u − 1)
                  *.bn.running_var       0.5 + u                  (positive)
                  fc.weight              (2u − 1)·√(3 / 2048)
                  fc.bias                0.2·(2u − 1)
"""

import contextlib
import io
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

import pytorch_fid.inception as pfi
from pytorch_fid.fid_score import calculate_frechet_distance
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1


# ---------------------------------------------------------------------------------------------------------------
# The weight generator (mirrored in Swift)

def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def uniforms(key, count):
    """u_1 … u_count of the key (see the top of the file), as float64."""
    seed = np.uint64(fnv1a64(key))
    i = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = seed + i * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) / float(1 << 24)


def weight_value(key, shape):
    u = uniforms(key, int(np.prod(shape)))
    if key.endswith(".conv.weight"):
        fan_in = int(np.prod(shape[1:]))
        v = (2 * u - 1) * np.sqrt(6.0 / fan_in)
    elif key.endswith(".bn.weight") or key.endswith(".bn.running_var"):
        v = 0.5 + u
    elif key.endswith(".bn.bias") or key.endswith(".bn.running_mean") or key == "fc.bias":
        v = 0.2 * (2 * u - 1)
    elif key == "fc.weight":
        v = (2 * u - 1) * np.sqrt(3.0 / 2048)
    else:
        raise ValueError(f"no rule for key {key}")
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def random_fid_state_dict():
    """Random weights for exactly the keys and shapes fid_inception_v3() loads (its structure, built here without
    loading anything: the same calls as pytorch-fid's fid_inception_v3 before its load_state_dict)."""
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
    state = {}
    for key, value in inception.state_dict().items():
        if key.endswith("num_batches_tracked"):
            state[key] = value.clone()
        else:
            state[key] = weight_value(key, tuple(value.shape))
    return state


def build_network(state):
    """pytorch-fid's InceptionV3 for FID, with `state` in place of the downloaded weights."""
    original = pfi.load_state_dict_from_url
    pfi.load_state_dict_from_url = lambda *args, **kwargs: state
    try:
        model = pfi.InceptionV3([0, 1, 2, 3], resize_input=True, normalize_input=True, use_fid_inception=True)
    finally:
        pfi.load_state_dict_from_url = original
    return model.eval()


def network_fixture():
    torch.set_num_threads(2)
    state = random_fid_state_dict()
    model = build_network(state)
    fc_w, fc_b = state["fc.weight"], state["fc.bias"]
    rng = np.random.RandomState(17)
    # (batch, height, width): smaller than 299 (enlarged), square, wider than high, and larger (shrunk).
    cases = [(2, 37, 53), (2, 64, 64), (1, 120, 90), (1, 331, 302)]
    tensors, summary = {}, []
    for index, (n, h, w) in enumerate(cases):
        x = torch.from_numpy(rng.randint(0, 256, size=(n, 3, h, w)).astype(np.float32) / 255)
        with torch.no_grad():
            blocks = model(x)
            pool3 = blocks[3].squeeze(3).squeeze(2)
            logits = F.linear(pool3, fc_w, fc_b)
            unbiased = pool3.mm(fc_w.T)  # torch-fidelity's 'logits_unbiased' (feature_extractor_inceptionv3.py)
        tensors[f"case{index}.images"] = x
        tensors[f"case{index}.pool3"] = pool3.contiguous()
        tensors[f"case{index}.logits"] = logits.contiguous()
        tensors[f"case{index}.unbiased_logits"] = unbiased.contiguous()
        for b in range(3):
            tensors[f"case{index}.block{b}_mean"] = blocks[b].mean(dim=(2, 3)).contiguous()
        summary.append({
            "shape": [n, 3, h, w],
            "pool3 max|.|": float(pool3.abs().max()), "pool3 mean": float(pool3.mean()),
            "pool3 fraction zero": float((pool3 == 0).float().mean()),
            "logits max|.|": float(logits.abs().max()),
            "block means max|.|": [float(blocks[b].abs().mean()) for b in range(3)],
        })
    save_file(tensors, os.path.join(HERE, "network_io.safetensors"))
    checksums = {k: float(v.double().sum()) for k, v in sorted(state.items()) if not k.endswith("num_batches_tracked")}
    with open(os.path.join(HERE, "network_io.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": summary, "weight_sums": checksums}, f, indent=1)
    print(json.dumps(summary, indent=1))


# ---------------------------------------------------------------------------------------------------------------
# FID, KID and IS from fixed vectors

def statistics(features):
    """pytorch-fid's calculate_activation_statistics (fid_score.py) on the features taken in double: mean and
    np.cov(rowvar=False). pytorch-fid takes the mean of float32 network outputs in float32; ProGANSR accumulates
    in double throughout, so the reference is computed on the same float32 vectors widened to double."""
    f = features.astype(np.float64)
    return np.mean(f, axis=0), np.cov(f, rowvar=False)


def fid(a, b):
    mu1, s1 = statistics(a)
    mu2, s2 = statistics(b)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        value = calculate_frechet_distance(mu1, s1, mu2, s2)
    return float(value), "singular product" in out.getvalue()


def kid(a, b, subsets, subset_size):
    from torch_fidelity.metric_kid import kid_features_to_metric
    r = kid_features_to_metric(torch.from_numpy(a.astype(np.float64)), torch.from_numpy(b.astype(np.float64)),
                               kid_subsets=subsets, kid_subset_size=subset_size, verbose=False, rng_seed=2020)
    return r["kernel_inception_distance_mean"], r["kernel_inception_distance_std"]


def isc(logits, splits, shuffle):
    from torch_fidelity.metric_isc import isc_features_to_metric
    r = isc_features_to_metric(torch.from_numpy(logits), splits=splits, shuffle=shuffle, rng_seed=2020)
    return r["inception_score_mean"], r["inception_score_std"]


def isc_original(logits, splits):
    """The original Inception Score (openai/improved-gan, inception_score/model.py get_inception_score), in double:
    softmax, then per split exp(mean KL(p(y|x) || p(y)))."""
    z = logits.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    preds = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    scores = []
    n = len(preds)
    for i in range(splits):
        part = preds[(i * n // splits):((i + 1) * n // splits), :]
        kl = part * (np.log(part) - np.log(np.expand_dims(np.mean(part, 0), 0)))
        scores.append(np.exp(np.mean(np.sum(kl, 1))))
    return float(np.mean(scores)), float(np.std(scores))


def metrics_fixture():
    rng = np.random.RandomState(2026)
    d = 64
    # Two full-rank sets with different means and covariances, of different sizes.
    ma = rng.randn(d, d) / np.sqrt(d)
    mb = rng.randn(d, d) / np.sqrt(d) + 0.3 * np.eye(d)
    set_a = (rng.randn(400, d) @ ma + 0.05).astype(np.float32)
    set_b = (rng.randn(300, d) @ mb - 0.1).astype(np.float32)
    # Fewer vectors than dimensions: singular covariances (pytorch-fid's case for its eps·I offset).
    set_c = (rng.randn(40, d) @ ma).astype(np.float32)
    set_d = (rng.randn(50, d) @ mb).astype(np.float32)
    # Logits of 250 images over 1008 classes, peaked enough that the score is far from 1.
    logits = (3 * rng.randn(250, 1008) + 4 * (rng.rand(250, 1008) < 0.01)).astype(np.float32)

    ref = {"feature_dimension": d}
    ref["fid_ab"], singular_ab = fid(set_a, set_b)
    ref["fid_ba"], _ = fid(set_b, set_a)
    ref["fid_aa"], _ = fid(set_a, set_a)
    assert not singular_ab
    ref["fid_cd"], ref["fid_cd_singular_offset"] = fid(set_c, set_d)
    # pytorch-fid's fallback itself (fid_score.py: eps·I added to both covariances), forced, for the test of ours.
    mu1, s1 = statistics(set_c)
    mu2, s2 = statistics(set_d)
    offset = np.eye(d) * 1e-6
    ref["fid_cd_with_offset"] = float(calculate_frechet_distance(mu1, s1 + offset, mu2, s2 + offset))
    ref["kid_ab_subsets20_size100"] = kid(set_a, set_b, 20, 100)
    ref["kid_ab_subsets100_size300"] = kid(set_a, set_b, 100, 300)
    ref["kid_ba_subsets7_size50"] = kid(set_b, set_a, 7, 50)
    ref["is_splits10_shuffled"] = isc(logits, 10, True)
    ref["is_splits10_unshuffled"] = isc(logits, 10, False)
    ref["is_splits7_unshuffled"] = isc(logits, 7, False)
    ref["is_original_splits10"] = isc_original(logits, 10)
    ref["is_original_splits7"] = isc_original(logits, 7)
    assert abs(ref["is_original_splits10"][0] - ref["is_splits10_unshuffled"][0]) < 1e-12 * ref["is_original_splits10"][0]

    # numpy's legacy RandomState (MT19937), which torch-fidelity draws subsets and the IS shuffle with.
    bg = np.random.MT19937()
    bg._legacy_seeding(2020)
    ref["mt19937_seed2020_first_outputs"] = [int(v) for v in bg.random_raw(8)]
    rs = np.random.RandomState(2020)
    ref["choice_seed2020_400_100_then_300_100"] = [rs.choice(400, 100, replace=False).tolist(),
                                                   rs.choice(300, 100, replace=False).tolist()]
    ref["permutation_seed2020_250"] = np.random.RandomState(2020).permutation(250).tolist()
    ref["versions"] = {"numpy": np.__version__, "torch": torch.__version__}
    try:
        import scipy, torch_fidelity
        ref["versions"].update(scipy=scipy.__version__, torch_fidelity=torch_fidelity.__version__)
    except Exception:
        pass
    save_file({"set_a": torch.from_numpy(set_a), "set_b": torch.from_numpy(set_b), "set_c": torch.from_numpy(set_c),
               "set_d": torch.from_numpy(set_d), "logits": torch.from_numpy(logits)},
              os.path.join(HERE, "metrics.safetensors"))
    with open(os.path.join(HERE, "metrics.json"), "w") as f:
        json.dump(ref, f, indent=1)
    print({k: v for k, v in ref.items() if not isinstance(v, list)})


if __name__ == "__main__":
    which = sys.argv[1:] or ["network", "metrics"]
    if "metrics" in which:
        metrics_fixture()
    if "network" in which:
        network_fixture()
