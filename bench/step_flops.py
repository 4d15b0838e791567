"""FLOPs of one ProGAN WGAN-GP training step (the peer's network and step, ../shared/bench/progan_torch.py),
counted with PyTorch's FlopCounterMode formulas over the whole step: G forward, D on reals and fakes, the gradient penalty's
double backward, both backward passes and G's step. Divided by the machine's sgemm rate (`progan-sr bench ops`
prints it), it is the step time the machine could reach if every FLOP ran at sgemm speed.

    python bench/step_flops.py [--peers ../shared/bench] [--sgemm GFLOPS] [--step-s RES:SEP:SECONDS ...]
"""
import argparse, sys

p = argparse.ArgumentParser()
p.add_argument('--peers', default='../shared/bench')
p.add_argument('--batch', type=int, default=16)
p.add_argument('--sgemm', type=float, default=0, help='the machine sgemm GFLOP/s on all cores (bench ops)')
p.add_argument('--step-s', nargs='*', default=[], help='measured step times as RES:SEP:SECONDS, e.g. 32:both:0.17')
a = p.parse_args()
sys.path.insert(0, a.peers)
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry


class FlopCount(TorchDispatchMode):
    """Sums FlopCounterMode's per-op formulas at the dispatcher (FlopCounterMode's own module hooks refuse the
    gradient penalty's autograd.grad), with the convolution backward counted per group."""
    def __init__(self):
        super().__init__(); self.flops = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if func._overloadpacket is torch.ops.aten.convolution_backward:
            # FlopCounterMode's formula ignores groups (it counts a depthwise backward ~C times over): each gradient
            # asked for costs what the forward does, 2 · |grad_out| · |weight| / C_out.
            grad_out, weight, mask = args[0], args[2], args[10]
            self.flops += 2 * grad_out.numel() * weight[0].numel() * (int(mask[0]) + int(mask[1]))
            return out
        formula = flop_registry.get(func._overloadpacket)
        if formula is not None:
            self.flops += formula(*args, **kwargs, out_val=out)
        return out
import progan_torch as peer

measured = {}
for item in a.step_s:
    res, sep, s = item.split(':'); measured[(int(res), sep)] = float(s)
torch.manual_seed(0)
for res in (32, 64):
    for sep in ('none', 'both'):
        g = peer.G(res, 128, 1024, 128, sep in ('g', 'both')); d = peer.D(res, 1024, 128, sep in ('d', 'both'))
        og = torch.optim.Adam(g.parameters(), 1e-3, betas=(0.0, 0.99)); od = torch.optim.Adam(d.parameters(), 1e-3, betas=(0.0, 0.99))
        real = torch.rand(a.batch, 3, res, res) * 2 - 1
        with FlopCount() as counter:
            peer.train_step(g, d, og, od, real, 128)
        gflop = counter.flops / 1e9
        line = f'res {res} sep {sep}: {gflop:.2f} GFLOP per step (batch {a.batch})'
        if a.sgemm:
            floor = gflop / a.sgemm
            line += f'; at sgemm speed ({a.sgemm:.0f} GFLOP/s) {floor * 1e3:.0f} ms'
            if (res, sep) in measured:
                s = measured[(res, sep)]
                line += f'; measured {s * 1e3:.0f} ms = {gflop / s:.0f} GFLOP/s, {100 * floor / s:.0f}% of sgemm'
        print(line)
