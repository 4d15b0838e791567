#!/usr/bin/env python3
"""The peer for `progan-sr bench swd`: the official ProGAN SWD (tkarras/progressive_growing_of_gans,
metrics/sliced_wasserstein.py), ported function for function to plain numpy + scipy, timed on the same
image sets as the Swift implementation.

    /work/venv/bin/python bench/swd_numpy.py --fixture Tests/Fixtures/metrics/swd_images.safetensors \
        --images 512 [--seed 1] [--layout nhwc|nchw]

The 512 images of a set are the fixture's 128 images A (or B) and their flips (identity, flip left-right,
flip up-down, both), which the Swift benchmark builds the same way.

End to end on two folders of PNGs, decoding included (PIL), as `progan-sr eval swd --real A --fake B` is run:

    time /work/venv/bin/python bench/swd_numpy.py --real-folder A --fake-folder B
"""
import argparse, json, time
import numpy as np
import scipy.ndimage
from safetensors.numpy import load_file

# --- the official functions (same arithmetic, same order of random draws) --------------------------

def get_descriptors_for_minibatch(minibatch, nhood_size, nhoods_per_image):
    S = minibatch.shape
    N = nhoods_per_image * S[0]
    H = nhood_size // 2
    nhood, chan, x, y = np.ogrid[0:N, 0:3, -H:H+1, -H:H+1]
    img = nhood // nhoods_per_image
    x = x + np.random.randint(H, S[3] - H, size=(N, 1, 1, 1))
    y = y + np.random.randint(H, S[2] - H, size=(N, 1, 1, 1))
    idx = ((img * S[1] + chan) * S[2] + y) * S[3] + x
    return minibatch.flat[idx]

def finalize_descriptors(desc):
    desc = np.concatenate(desc, axis=0)
    desc -= np.mean(desc, axis=(0, 2, 3), keepdims=True)
    desc /= np.std(desc, axis=(0, 2, 3), keepdims=True)
    return desc.reshape(desc.shape[0], -1)

def sliced_wasserstein(A, B, dir_repeats, dirs_per_repeat):
    results = []
    for _ in range(dir_repeats):
        dirs = np.random.randn(A.shape[1], dirs_per_repeat)
        dirs /= np.sqrt(np.sum(np.square(dirs), axis=0, keepdims=True))
        dirs = dirs.astype(np.float32)
        projA = np.sort(np.matmul(A, dirs), axis=0)
        projB = np.sort(np.matmul(B, dirs), axis=0)
        results.append(np.mean(np.abs(projA - projB)))
    return np.mean(results)

gaussian_filter = np.float32([[1, 4, 6, 4, 1], [4, 16, 24, 16, 4], [6, 24, 36, 24, 6],
                              [4, 16, 24, 16, 4], [1, 4, 6, 4, 1]]) / 256.0

def pyr_down(m):
    return scipy.ndimage.convolve(m, gaussian_filter[np.newaxis, np.newaxis, :, :], mode='mirror')[:, :, ::2, ::2]

def pyr_up(m):
    S = m.shape
    res = np.zeros((S[0], S[1], S[2] * 2, S[3] * 2), m.dtype)
    res[:, :, ::2, ::2] = m
    return scipy.ndimage.convolve(res, gaussian_filter[np.newaxis, np.newaxis, :, :] * 4.0, mode='mirror')

def generate_laplacian_pyramid(minibatch, num_levels):
    pyramid = [np.float32(minibatch)]
    for _ in range(1, num_levels):
        pyramid.append(pyr_down(pyramid[-1]))
        pyramid[-2] -= pyr_up(pyramid[-1])
    return pyramid

def swd(reals, fakes, minibatch=64):
    """The official API's begin/feed/end for reals then fakes; returns SWD x1e3 per level + average."""
    resolutions = []
    res = reals.shape[2]
    while res >= 16:
        resolutions.append(res); res //= 2
    def descriptors(images):
        d = [[] for _ in resolutions]
        for i in range(0, len(images), minibatch):
            for lod, level in enumerate(generate_laplacian_pyramid(images[i:i + minibatch], len(resolutions))):
                d[lod].append(get_descriptors_for_minibatch(level, 7, 128))
        return [finalize_descriptors(x) for x in d]
    dreal = descriptors(reals)
    dfake = descriptors(fakes)
    dist = [sliced_wasserstein(a, b, 4, 128) * 1e3 for a, b in zip(dreal, dfake)]
    return dist + [float(np.mean(dist))]

# --- the benchmark ----------------------------------------------------------------------------------

def load(path, name, layout):
    x = load_file(path)[name]
    if layout == 'nhwc':   # the shared fixture's bytes are NHWC under an NCHW shape (see the README note)
        n, c, h, w = x.shape
        x = np.ascontiguousarray(x.reshape(n, h, w, c).transpose(0, 3, 1, 2))
    return x

def widen(x, count):
    """count images from x and its flips: identity, left-right, up-down, both."""
    variants = [x, x[:, :, :, ::-1], x[:, :, ::-1, :], x[:, :, ::-1, ::-1]]
    return np.ascontiguousarray(np.concatenate(variants, 0)[:count])

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--fixture')
    ap.add_argument('--real-folder')
    ap.add_argument('--fake-folder')
    ap.add_argument('--images', type=int, default=512)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--layout', default='nchw', choices=['nchw', 'nhwc'])
    ap.add_argument('--fake', default='B', help='B or B_degraded')
    a = ap.parse_args()
    if a.real_folder:
        import glob, os
        from PIL import Image
        def folder(path):
            files = sorted(f for f in glob.glob(os.path.join(path, '*')) if f.lower().endswith(('.png', '.jpg', '.jpeg')))
            return np.stack([np.asarray(Image.open(f).convert('RGB')).transpose(2, 0, 1) for f in files])
        t = time.perf_counter()
        reals, fakes = folder(a.real_folder), folder(a.fake_folder)
        np.random.seed(a.seed)
        result = swd(reals, fakes)
        seconds = time.perf_counter() - t
        print(json.dumps({'peer': 'official numpy SWD, PIL decode included', 'images': len(reals), 'resolution': int(reals.shape[2]),
                          'swd_x1e3': [round(float(v), 4) for v in result], 'seconds': round(seconds, 3)}))
        raise SystemExit
    reals = widen(load(a.fixture, 'A', a.layout), a.images)
    fakes = widen(load(a.fixture, a.fake, a.layout), a.images)
    np.random.seed(a.seed)
    t = time.perf_counter()
    result = swd(reals, fakes)
    seconds = time.perf_counter() - t
    print(json.dumps({'peer': 'official numpy SWD', 'images': a.images, 'resolution': int(reals.shape[2]),
                      'fake': a.fake, 'layout': a.layout, 'seed': a.seed,
                      'swd_x1e3': [round(float(v), 4) for v in result], 'seconds': round(seconds, 3)}))
