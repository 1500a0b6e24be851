#!/usr/bin/env python3
"""Makes the small test networks beside this script, one per input/output convention, as TorchScript (.pt)
and ONNX (.onnx). Their weights are random (seeded): they exist to check that each convention's tensors go in and
come out as the published pipelines pass them, not to colorize well.

Made with Debian's python3-torch (PyTorch 1.13) and python3-onnx:  /usr/bin/python3 make_fixtures.py
Each file is a few kilobytes. Rerunning gives the same networks (fixed seeds), though not necessarily the same
bytes.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


class LAb(nn.Module):
    """l-ab (Zhang et al. 2016): L* in [0, 100] -> a*b* in Lab units, at a quarter of the input's size."""

    def __init__(self, in_channels=1):
        super().__init__()
        self.c1 = nn.Conv2d(in_channels, 8, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.c3 = nn.Conv2d(8, 2, 1)

    def forward(self, l):
        x = (l - 50.0) / 100.0
        x = F.relu(self.c1(x))
        x = F.relu(self.c2(x))
        return torch.tanh(self.c3(x)) * 60.0


class LHintsAb(nn.Module):
    """l-hints-ab (Zhang et al. 2017): L*, hint a*b* (Lab units), hint mask -> a*b*; hints pass straight through."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(4, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 2, 3, padding=1)

    def forward(self, l, ab, mask):
        x = torch.cat(((l - 50.0) / 100.0, ab / 110.0, mask), dim=1)
        x = torch.tanh(self.c2(F.relu(self.c1(x))) * 4.0) * 60.0
        return x * (1 - mask) + ab * mask


class GrayRgbAb(nn.Module):
    """grayrgb-ab (DDColor): RGB in [0, 1] of (L*, 0, 0) -> a*b* in Lab units, at the input's size."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.c2 = nn.Conv2d(8, 2, 3, padding=1)

    def forward(self, rgb):
        x = F.relu(self.c1(rgb * 2.0 - 1.0))
        x = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
        return torch.tanh(self.c2(x)) * 70.0


class RgbRgb(nn.Module):
    """rgb-rgb (DeOldify): ImageNet-normalized gray RGB -> RGB in [0, 1]."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1)
        self.c2 = nn.Conv2d(8, 3, 3, padding=1)

    def forward(self, x):
        return torch.sigmoid(self.c2(F.relu(self.c1(x))) * 2.0)


class NanOut(nn.Module):
    """Hostile: an l-ab network whose output is not finite."""

    def forward(self, l):
        z = l[:, :1] * 0.0
        return torch.cat((z / z, z / z), dim=1)


def save(net, name, inputs, names, dynamic=True, opset=13):
    net.eval()
    with torch.no_grad():
        torch.jit.trace(net, inputs).save(os.path.join(HERE, name + ".pt"))
        axes = {n: {0: "N", 2: "H", 3: "W"} for n in names} if dynamic else None
        if axes is not None:
            axes["out"] = {0: "N", 2: "H2", 3: "W2"}
        torch.onnx.export(net, inputs, os.path.join(HERE, name + ".onnx"), input_names=names,
                          output_names=["out"], dynamic_axes=axes, opset_version=opset)


def main():
    s = 64
    torch.manual_seed(1)
    save(LAb(), "l-ab", (torch.rand(1, 1, s, s) * 100,), ["l"])
    torch.manual_seed(2)
    save(LHintsAb(), "l-hints-ab", (torch.rand(1, 1, s, s) * 100, torch.zeros(1, 2, s, s), torch.zeros(1, 1, s, s)),
         ["l", "ab", "mask"])
    torch.manual_seed(3)
    save(GrayRgbAb(), "grayrgb-ab", (torch.rand(1, 3, s, s),), ["rgb"])
    torch.manual_seed(4)
    save(RgbRgb(), "rgb-rgb", (torch.rand(1, 3, s, s),), ["rgb"])
    # hostile networks
    torch.manual_seed(5)
    save(LAb(in_channels=3), "bad-channels", (torch.rand(1, 3, s, s) * 100,), ["rgb"])
    save(NanOut(), "bad-nan", (torch.rand(1, 1, s, s) * 100,), ["l"])
    torch.manual_seed(1)
    save(LAb(), "fixed-64", (torch.rand(1, 1, s, s) * 100,), ["l"], dynamic=False)


if __name__ == "__main__":
    main()
