#!/usr/bin/env python3
"""The peer for `progan-sr bench upscale`: SRResNet x4 (SRGAN-PyTorch's architecture and key names: 16 residual
blocks, 64 channels, PReLU, BatchNorm, two pixel-shuffle x2 blocks, 9x9 input/output convolutions) in eval mode
under torch.no_grad, on random inputs, 32->128 and 64->256 at batch 1 and 16; median of timed runs after one
warm-up, on 2 threads. One JSON line per case, shaped like the Swift benchmark's.

    /work/venv/bin/python bench/srresnet_torch.py [--reps 3] [--threads 2] [--blocks 16] [--channels 64]
"""
import argparse, json, time
import torch
from torch import nn


class ResidualConvBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.rcb = nn.Sequential(
            nn.Conv2d(channels, channels, 3, 1, 1, bias=False), nn.BatchNorm2d(channels), nn.PReLU(),
            nn.Conv2d(channels, channels, 3, 1, 1, bias=False), nn.BatchNorm2d(channels))

    def forward(self, x):
        return x + self.rcb(x)


class UpsampleBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.upsample_block = nn.Sequential(nn.Conv2d(channels, channels * 4, 3, 1, 1), nn.PixelShuffle(2), nn.PReLU())

    def forward(self, x):
        return self.upsample_block(x)


class SRResNet(nn.Module):
    def __init__(self, blocks=16, channels=64):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(3, channels, 9, 1, 4), nn.PReLU())
        self.trunk = nn.Sequential(*[ResidualConvBlock(channels) for _ in range(blocks)])
        self.conv2 = nn.Sequential(nn.Conv2d(channels, channels, 3, 1, 1, bias=False), nn.BatchNorm2d(channels))
        self.upsampling = nn.Sequential(UpsampleBlock(channels), UpsampleBlock(channels))
        self.conv3 = nn.Conv2d(channels, 3, 9, 1, 4)

    def forward(self, x):
        c1 = self.conv1(x)
        y = self.conv2(self.trunk(c1)) + c1
        return torch.clamp(self.conv3(self.upsampling(y)), 0.0, 1.0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--blocks", type=int, default=16)
    p.add_argument("--channels", type=int, default=64)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = SRResNet(a.blocks, a.channels).eval()
    for side, batch in [(32, 1), (32, 16), (64, 1), (64, 16)]:
        x = torch.rand(batch, 3, side, side)
        with torch.no_grad():
            model(x)
            times = []
            for _ in range(max(a.reps, 1)):
                t = time.perf_counter()
                model(x)
                times.append(time.perf_counter() - t)
        s = sorted(times)[len(times) // 2]
        name = f"srresnet{a.blocks}x{a.channels} {side}->{side * 4} batch {batch}"
        print(json.dumps({"op": name, "ms": round(s * 1000, 3), "img_s": round(batch / s, 2), "batch": batch, "input": side,
                          "peer": "pytorch " + torch.__version__}, sort_keys=True))


if __name__ == "__main__":
    main()
