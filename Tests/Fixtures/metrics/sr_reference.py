#!/usr/bin/env python3
"""Independent reference for SRQuality (PSNR / SSIM on Y and on RGB, border crop), by scikit-image.

    /work/venv/bin/python Tests/Fixtures/metrics/sr_reference.py > Tests/Fixtures/metrics/sr_reference.json

Inputs: the 8 pairs (images128[2i], images128[2i+1]) of msssim.safetensors (NCHW uint8 as stored;
pairs 4..7 are an image and a noisy copy), crop 4 px at each border (scale 4).
Y = BT.601 studio luma of skimage.color.rgb2ycbcr (16 + 65.481 R + 128.553 G + 24.966 B, RGB in [0, 1]);
PSNR with data_range 255; SSIM with a Gaussian window (sigma 1.5, 11 taps at skimage's truncate 3.5),
population covariance, data_range 255 (Wang et al. 2004; BasicSR's convention), mean over channels for RGB.
"""
import json, os
import numpy as np
from safetensors.numpy import load_file
from skimage.color import rgb2ycbcr
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

here = os.path.dirname(os.path.abspath(__file__))
images = load_file(os.path.join(here, 'msssim.safetensors'))['images128']
border = 4
out = {'source': 'msssim.safetensors images128 pairs (2i, 2i+1)', 'border': border, 'pairs': []}
for i in range(8):
    a = images[2 * i].transpose(1, 2, 0)[border:-border, border:-border]       # HWC uint8
    b = images[2 * i + 1].transpose(1, 2, 0)[border:-border, border:-border]
    ya = rgb2ycbcr(a)[..., 0]; yb = rgb2ycbcr(b)[..., 0]                       # float64 in [16, 235]
    ssim = lambda x, y, **k: structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
                                                   use_sample_covariance=False, data_range=255, **k)
    out['pairs'].append({
        'psnr_y': peak_signal_noise_ratio(ya, yb, data_range=255),
        'ssim_y': ssim(ya, yb),
        'psnr_rgb': peak_signal_noise_ratio(a.astype(np.float64), b.astype(np.float64), data_range=255),
        'ssim_rgb': ssim(a.astype(np.float64), b.astype(np.float64), channel_axis=2),
    })
print(json.dumps(out, indent=1))
