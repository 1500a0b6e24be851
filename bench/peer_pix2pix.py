#!/usr/bin/python3
"""PyTorch peer for org.colorizer.bench.NetworkBench: the pix2pix networks of the reference implementation
(networks.py: UnetGenerator / UnetSkipConnectionBlock / NLayerDiscriminator, BatchNorm) timed on the same shapes.

Run with Debian's torch (apt-get install python3-torch): /usr/bin/python3 bench/peer_pix2pix.py ...

  --params              print parameter counts of the paper generator (1 -> 2 channels) and the PatchGAN
  --serve               read commands from stdin, answer one line each (NetworkBench interleaves with DJL):
                          gfwd FILTERS LEVELS SIZE ITERS    generator inference (eval, no_grad), batch 1
                          train ITERS                       one GAN step: G 32f/6 levels, 70x70 PatchGAN,
                                                            batch 4 at 128 px, Adam, vanilla GAN, D and G updates
                          gfwd_phase ..., train_phase ...   the same with the transposed convolutions computed
                                                            as on the Java side (2x2 phase convolution)
                        answer: 'ms t1 t2 ...'
  --check DIR           compare with tensors written by the Java side (see NetworkBench.crossCheck)
"""
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OMP_NUM_THREADS", "2")

import time  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402


class UnetSkipConnectionBlock(nn.Module):
    def __init__(self, outer_nc, inner_nc, input_nc=None, submodule=None, outermost=False, innermost=False,
                 use_dropout=False):
        super().__init__()
        self.outermost = outermost
        if input_nc is None:
            input_nc = outer_nc
        downconv = nn.Conv2d(input_nc, inner_nc, kernel_size=4, stride=2, padding=1, bias=False)
        downrelu = nn.LeakyReLU(0.2, True)
        downnorm = nn.BatchNorm2d(inner_nc)
        uprelu = nn.ReLU(True)
        upnorm = nn.BatchNorm2d(outer_nc)
        if outermost:
            upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc, kernel_size=4, stride=2, padding=1)
            model = [downconv, submodule, uprelu, upconv, nn.Tanh()]
        elif innermost:
            upconv = nn.ConvTranspose2d(inner_nc, outer_nc, kernel_size=4, stride=2, padding=1, bias=False)
            model = [downrelu, downconv, uprelu, upconv, upnorm]
        else:
            upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc, kernel_size=4, stride=2, padding=1, bias=False)
            model = [downrelu, downconv, downnorm, submodule, uprelu, upconv, upnorm]
            if use_dropout:
                model += [nn.Dropout(0.5)]
        self.model = nn.Sequential(*model)

    def forward(self, x):
        if self.outermost:
            return self.model(x)
        return torch.cat([x, self.model(x)], 1)  # x was rewritten by the in-place LeakyReLU


class UnetGenerator(nn.Module):
    def __init__(self, input_nc, output_nc, num_downs, ngf=64, use_dropout=True):
        super().__init__()
        block = UnetSkipConnectionBlock(ngf * 8, ngf * 8, innermost=True)
        for _ in range(num_downs - 5):
            block = UnetSkipConnectionBlock(ngf * 8, ngf * 8, submodule=block, use_dropout=use_dropout)
        block = UnetSkipConnectionBlock(ngf * 4, ngf * 8, submodule=block)
        block = UnetSkipConnectionBlock(ngf * 2, ngf * 4, submodule=block)
        block = UnetSkipConnectionBlock(ngf, ngf * 2, submodule=block)
        self.model = UnetSkipConnectionBlock(output_nc, ngf, input_nc=input_nc, submodule=block, outermost=True)

    def forward(self, x):
        return self.model(x)


class NLayerDiscriminator(nn.Module):
    def __init__(self, input_nc, ndf=64, n_layers=3):
        super().__init__()
        seq = [nn.Conv2d(input_nc, ndf, kernel_size=4, stride=2, padding=1), nn.LeakyReLU(0.2, True)]
        mult = 1
        for n in range(1, n_layers):
            prev, mult = mult, min(2 ** n, 8)
            seq += [nn.Conv2d(ndf * prev, ndf * mult, kernel_size=4, stride=2, padding=1, bias=False),
                    nn.BatchNorm2d(ndf * mult), nn.LeakyReLU(0.2, True)]
        prev, mult = mult, min(2 ** n_layers, 8)
        seq += [nn.Conv2d(ndf * prev, ndf * mult, kernel_size=4, stride=1, padding=1, bias=False),
                nn.BatchNorm2d(ndf * mult), nn.LeakyReLU(0.2, True)]
        seq += [nn.Conv2d(ndf * mult, 1, kernel_size=4, stride=1, padding=1)]
        self.model = nn.Sequential(*seq)

    def forward(self, x):
        return self.model(x)


class PhaseConvTranspose2d(nn.Module):
    """ConvTranspose2d(k=4, s=2, p=1) computed as the Java side does (TransposedConv.Method.PHASES): one 2x2
    convolution with 4*out channels over the input padded by 1, then the four phase crops interleaved."""

    def __init__(self, cin, cout, bias):
        super().__init__()
        self.cout = cout
        self.weight = nn.Parameter(torch.empty(4 * cout, cin, 2, 2))
        self.bias = nn.Parameter(torch.zeros(cout)) if bias else None

    def forward(self, x):
        n, _, h, w = x.shape
        c = self.cout
        y = torch.nn.functional.conv2d(x, self.weight, None if self.bias is None else self.bias.repeat(4), 1, 1)
        rows = [torch.stack((y[:, (2 * a) * c:(2 * a + 1) * c, a:a + h, 0:w],
                             y[:, (2 * a + 1) * c:(2 * a + 2) * c, a:a + h, 1:1 + w]), 4) for a in (0, 1)]
        return torch.stack(rows, 3).reshape(n, c, 2 * h, 2 * w)


def phase_variant(net):
    """Replaces every ConvTranspose2d of net by a PhaseConvTranspose2d."""
    for name, m in net.named_children():
        if isinstance(m, nn.ConvTranspose2d):
            setattr(net, name, PhaseConvTranspose2d(m.in_channels, m.out_channels, m.bias is not None))
        else:
            phase_variant(m)
    return net


def init_weights(net, gain=0.02):
    for m in net.modules():
        name = m.__class__.__name__
        if hasattr(m, "weight") and ("Conv" in name):  # also PhaseConvTranspose2d
            nn.init.normal_(m.weight.data, 0.0, gain)
            if m.bias is not None:
                nn.init.constant_(m.bias.data, 0.0)
        elif "BatchNorm2d" in name:
            nn.init.normal_(m.weight.data, 1.0, gain)
            nn.init.constant_(m.bias.data, 0.0)
    return net


def count(net):
    return sum(p.numel() for p in net.parameters())


def gfwd(filters, levels, size, iters, phase=False):
    g = UnetGenerator(1, 2, levels, filters)
    g = init_weights(phase_variant(g) if phase else g).eval()
    x = torch.rand(1, 1, size, size) * 2 - 1
    times = []
    with torch.no_grad():
        for i in range(iters + 2):
            t = time.perf_counter()
            g(x)
            if i >= 2:
                times.append((time.perf_counter() - t) * 1000)
    return times


_trains = {}
_train = {}


def train(iters, phase=False):
    global _train
    _train = _trains.setdefault(phase, {})
    if not _train:
        torch.manual_seed(0)
        g = UnetGenerator(1, 2, 6, 32)
        g = init_weights(phase_variant(g) if phase else g).train()
        d = init_weights(NLayerDiscriminator(3, 64, 3)).train()
        opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
        a = torch.rand(4, 1, 128, 128) * 2 - 1
        b = torch.rand(4, 2, 128, 128) * 2 - 1
        _train.update(g=g, d=d, opt_g=opt_g, opt_d=opt_d, a=a, b=b, bce=nn.BCEWithLogitsLoss(), l1=nn.L1Loss())
        step()
        step()
    times = []
    for _ in range(iters):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    return times


def set_requires_grad(net, flag):
    for p in net.parameters():
        p.requires_grad = flag


def step():
    s = _train
    g, d, a, b = s["g"], s["d"], s["a"], s["b"]
    fake = g(a)
    set_requires_grad(d, True)
    s["opt_d"].zero_grad()
    pred_fake = d(torch.cat((a, fake), 1).detach())
    pred_real = d(torch.cat((a, b), 1))
    loss_d = 0.5 * (s["bce"](pred_fake, torch.zeros_like(pred_fake)) + s["bce"](pred_real, torch.ones_like(pred_real)))
    loss_d.backward()
    s["opt_d"].step()
    set_requires_grad(d, False)
    s["opt_g"].zero_grad()
    pred = d(torch.cat((a, fake), 1))
    loss_g = s["bce"](pred, torch.ones_like(pred)) + 100.0 * s["l1"](fake, b)
    loss_g.backward()
    s["opt_g"].step()


def check(folder):
    """Loads the weights the Java side wrote (raw float32 in the Java blocks' parameter order, running statistics
    included), runs the same inputs and prints the largest differences to the Java outputs."""
    import numpy as np

    def raw(name, shape):
        return torch.from_numpy(np.fromfile(os.path.join(folder, name), dtype=np.float32).reshape(shape))

    filters, levels, size, batch = (int(v) for v in open(os.path.join(folder, "meta.txt")).read().split())
    g = UnetGenerator(1, 2, levels, filters, use_dropout=False)
    d = NLayerDiscriminator(3, 64, 3)
    for net, prefix in ((g, "g"), (d, "d")):
        for i, t in enumerate(java_order(net)):
            t.data.copy_(raw("%s_%03d.bin" % (prefix, i), t.shape))
    x = raw("l.bin", (batch, 1, size, size))
    ab = raw("ab.bin", (batch, 2, size, size))
    with torch.no_grad():
        out = g.eval()(x.clone())
        print("generator_eval_max_abs_diff %.3g" % (out - raw("g_eval.bin", out.shape)).abs().max().item())
        out = g.train()(x.clone())  # dropout off on the Java side too (dropoutLayers 0)
        print("generator_train_max_abs_diff %.3g" % (out - raw("g_train.bin", out.shape)).abs().max().item())
        pd = d.train()(torch.cat((x, ab), 1))
        print("discriminator_train_max_abs_diff %.3g" % (pd - raw("d_train.bin", pd.shape)).abs().max().item())


def bn(n):
    return [n.weight, n.bias, n.running_mean, n.running_var]


def java_order(net):
    """Tensors of a reference net in the order the Java blocks list their parameters."""
    out = []
    if isinstance(net, NLayerDiscriminator):
        for m in net.model:
            if isinstance(m, nn.Conv2d):
                out += [m.weight] + ([m.bias] if m.bias is not None else [])
            elif isinstance(m, nn.BatchNorm2d):
                out += bn(m)
        return out

    def visit(block):  # Java: down, downnorm, sub, up, upnorm
        layers = list(block.model)
        norms = [m for m in layers if isinstance(m, nn.BatchNorm2d)]
        up = [m for m in layers if isinstance(m, nn.ConvTranspose2d)][0]
        out.append([m for m in layers if isinstance(m, nn.Conv2d)][0].weight)
        if len(norms) == 2:
            out.extend(bn(norms[0]))
        for sub in layers:
            if isinstance(sub, UnetSkipConnectionBlock):
                visit(sub)
        out.extend([up.weight] + ([up.bias] if up.bias is not None else []))
        if norms:
            out.extend(bn(norms[-1]))

    visit(net.model)
    return out


def main():
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    if "--params" in sys.argv:
        print("generator_paper_1to2", count(UnetGenerator(1, 2, 8, 64)))
        print("generator_paper_3to3", count(UnetGenerator(3, 3, 8, 64)))
        print("generator_32f6l", count(UnetGenerator(1, 2, 6, 32)))
        print("patchgan", count(NLayerDiscriminator(3, 64, 3)))
        return
    if "--check" in sys.argv:
        check(sys.argv[sys.argv.index("--check") + 1])
        return
    if "--serve" in sys.argv:
        print("ready torch %s threads %d" % (torch.__version__, torch.get_num_threads()), flush=True)
        for line in sys.stdin:
            w = line.split()
            if not w:
                continue
            if w[0] == "quit":
                break
            if w[0] in ("gfwd", "gfwd_phase"):
                t = gfwd(int(w[1]), int(w[2]), int(w[3]), int(w[4]), w[0] == "gfwd_phase")
            elif w[0] in ("train", "train_phase"):
                t = train(int(w[1]), w[0] == "train_phase")
            else:
                print("error unknown command", flush=True)
                continue
            print("ms " + " ".join("%.3f" % v for v in t), flush=True)


if __name__ == "__main__":
    main()
