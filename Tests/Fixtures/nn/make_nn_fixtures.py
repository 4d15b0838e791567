# Reference fixtures for the NN and SRGAN tests, computed by PyTorch in float64 and stored as float32.
# Run from this folder with the project's venv:  /work/venv/bin/python make_nn_fixtures.py
#
# adam_weight_decay.safetensors: torch.optim.Adam with weight_decay (L2 added to the gradient), 3 steps;
#   tensors p, g0, g1, g2, p_after; metadata lr, beta1, beta2, eps, weight_decay, steps.
# srresnet_train_step.safetensors: one training step of an SRResNet x4 (2 blocks, 16 channels) with
#   SRGAN-PyTorch's layout, in training mode (BatchNorm on batch statistics): `before.<key>` the state dict,
#   x, target, y = model(x), loss = mse(y, target), `grad.<key>` ∂loss/∂parameter, then one Adam step
#   (lr 1e-3): `after.<key>` the whole state dict after the step (parameters and running statistics).
# srresnet_pytorch_state_dict.safetensors: a PyTorch SRResNet (1 block, 8 channels) state_dict saved as is,
#   with BatchNorm's I64 `num_batches_tracked` (what a converted public checkpoint holds), plus `io.x` and
#   `io.y` = model(x) in eval mode.
import math
import torch
import torch.nn as nn
from safetensors.torch import save_file

torch.manual_seed(0)
f32 = lambda t: t.detach().to(torch.float32).contiguous()


def adam_weight_decay():
    p = torch.randn(7, dtype=torch.float64)
    gs = [torch.randn(7, dtype=torch.float64) for _ in range(3)]
    param = nn.Parameter(p.clone())
    h = dict(lr=0.01, betas=(0.8, 0.95), eps=1e-8, weight_decay=0.05)
    opt = torch.optim.Adam([param], **h)
    for g in gs:
        param.grad = g.clone()
        opt.step()
    tensors = {"p": f32(p), "g0": f32(gs[0]), "g1": f32(gs[1]), "g2": f32(gs[2]), "p_after": f32(param)}
    meta = {"lr": "0.01", "beta1": "0.8", "beta2": "0.95", "eps": "1e-08", "weight_decay": "0.05", "steps": "3"}
    save_file(tensors, "adam_weight_decay.safetensors", metadata=meta)


class ResidualConvBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.rcb = nn.Sequential(nn.Conv2d(c, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c), nn.PReLU(),
                                 nn.Conv2d(c, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        return x + self.rcb(x)


class UpsampleBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.upsample_block = nn.Sequential(nn.Conv2d(c, c * 4, 3, 1, 1), nn.PixelShuffle(2), nn.PReLU())

    def forward(self, x):
        return self.upsample_block(x)


class SRResNet(nn.Module):  # SRGAN-PyTorch (Lornatang) layout
    def __init__(self, blocks, c, upscale=4):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(3, c, 9, 1, 4), nn.PReLU())
        self.trunk = nn.Sequential(*[ResidualConvBlock(c) for _ in range(blocks)])
        self.conv2 = nn.Sequential(nn.Conv2d(c, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c))
        self.upsampling = nn.Sequential(*[UpsampleBlock(c) for _ in range(int(math.log2(upscale)))])
        self.conv3 = nn.Conv2d(c, 3, 9, 1, 4)

    def forward(self, x):
        c1 = self.conv1(x)
        y = self.conv2(self.trunk(c1)) + c1
        return torch.clamp(self.conv3(self.upsampling(y)), 0.0, 1.0)


def srresnet_train_step():
    model = SRResNet(2, 16).double()
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("running_mean"):
                t.copy_(torch.randn_like(t) * 0.1)
            elif name.endswith("running_var"):
                t.copy_(torch.rand_like(t) + 0.5)
            elif name.endswith("num_batches_tracked"):
                pass
            elif name.endswith(".1.weight") and t.numel() == 16:  # BatchNorm affine weights
                t.copy_(torch.rand_like(t) + 0.5)
        # Keep the output mostly inside (0, 1) so that the clamp passes gradients.
        model.conv3.weight.mul_(0.05)
        model.conv3.bias.fill_(0.5)
    model.train()
    sd = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    tensors = {"before." + k: f32(v) for k, v in sd.items()}
    x = torch.rand(2, 3, 8, 8, dtype=torch.float64)
    target = torch.rand(2, 3, 32, 32, dtype=torch.float64)
    y = model(x)
    loss = torch.mean((y - target) ** 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    opt.zero_grad()
    loss.backward()
    inside = ((y > 0) & (y < 1)).double().mean().item()
    print(f"srresnet_train_step: {inside:.1%} of the output inside (0, 1), loss {loss.item():.6f}")
    for k, p in model.named_parameters():
        tensors["grad." + k] = f32(p.grad)
    opt.step()
    for k, v in model.state_dict().items():
        if not k.endswith("num_batches_tracked"):
            tensors["after." + k] = f32(v)
    tensors.update({"x": f32(x), "target": f32(target), "y": f32(y), "loss": f32(loss.reshape(1))})
    save_file(tensors, "srresnet_train_step.safetensors",
              metadata={"blocks": "2", "channels": "16", "upscale": "4", "lr": "0.001", "mode": "train"})


def srresnet_pytorch_state_dict():
    model = SRResNet(1, 8).double()
    model.train()
    for _ in range(3):  # move the running statistics (and num_batches_tracked) away from their defaults
        model(torch.rand(2, 3, 6, 6, dtype=torch.float64))
    model.eval()
    x = torch.rand(1, 3, 6, 5, dtype=torch.float64)
    y = model(x)
    tensors = {k: (v if v.dtype == torch.int64 else f32(v)) for k, v in model.state_dict().items()}
    tensors.update({"io.x": f32(x), "io.y": f32(y)})
    save_file(tensors, "srresnet_pytorch_state_dict.safetensors", metadata={"blocks": "1", "channels": "8", "upscale": "4"})


adam_weight_decay()
srresnet_train_step()
srresnet_pytorch_state_dict()
