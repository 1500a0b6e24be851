#!/usr/bin/env python3
"""Turns an ONNX network exported by `convert --export-onnx` into TorchScript, for `bench`'s TorchScript timing.

The graph is run node by node with PyTorch's functional operations (the few the exporter writes: Conv,
BatchNormalization, Relu, LeakyRelu, Tanh, Concat, DepthToSpace, Resize), then traced with torch.jit.trace and
saved.
Usage: python3 onnx_to_torchscript.py NET.onnx NET.pt   (needs torch and onnx, e.g. Debian's python3-torch and
python3-onnx)
"""
import sys

import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F


class OnnxGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        g = model.graph
        self.nodes = [(n.op_type, list(n.input), list(n.output),
                       {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}) for n in g.node]
        self.names = {}
        for i, t in enumerate(g.initializer):
            key = "w%d" % i
            self.register_buffer(key, torch.from_numpy(onnx.numpy_helper.to_array(t).copy()))
            self.names[t.name] = key
        self.input = g.input[0].name
        self.output = g.output[0].name

    def forward(self, x):
        v = {self.input: x}
        for name, key in self.names.items():
            v[name] = getattr(self, key)
        for op, ins, outs, at in self.nodes:
            a = [v[i] if i else None for i in ins]
            if op == "Conv":
                p = at.get("pads", [0, 0, 0, 0])  # top, left, bottom, right
                x0 = a[0]
                if p[0] != p[2] or p[1] != p[3]:
                    x0 = F.pad(x0, (p[1], p[3], p[0], p[2]))
                    p = [0, 0, 0, 0]
                y = F.conv2d(x0, a[1], a[2] if len(a) > 2 else None, at.get("strides", [1, 1]), p[:2],
                             at.get("dilations", [1, 1]), at.get("group", 1))
            elif op == "ConvTranspose":
                p = at.get("pads", [0, 0, 0, 0])
                y = F.conv_transpose2d(a[0], a[1], a[2] if len(a) > 2 else None, at.get("strides", [1, 1]), p[:2],
                                       at.get("output_padding", [0, 0]), at.get("group", 1),
                                       at.get("dilations", [1, 1]))
            elif op == "BatchNormalization":
                y = F.batch_norm(a[0], a[3], a[4], a[1], a[2], False, 0.0, at.get("epsilon", 1e-5))
            elif op == "Relu":
                y = F.relu(a[0])
            elif op == "LeakyRelu":
                y = F.leaky_relu(a[0], at.get("alpha", 0.01))
            elif op == "Tanh":
                y = torch.tanh(a[0])
            elif op == "Concat":
                y = torch.cat(a, dim=at["axis"])
            elif op == "DepthToSpace":  # mode DCR: channel (r * i + j) * C + c goes to pixel (r y + i, r x + j)
                r = at["blocksize"]
                n, c4, h, w = a[0].shape
                y = a[0].reshape(n, r, r, c4 // (r * r), h, w).permute(0, 3, 4, 1, 5, 2).reshape(
                    n, c4 // (r * r), h * r, w * r)
            elif op == "Resize":  # nearest, scale 2 (models with resize-conv upsampling)
                y = F.interpolate(a[0], scale_factor=2.0, mode="nearest")
            else:
                raise ValueError("operation %s is not handled" % op)
            v[outs[0]] = y
        return v[self.output]


def main():
    model = onnx.load(sys.argv[1])
    channels = model.graph.input[0].type.tensor_type.shape.dim[1].dim_value
    net = OnnxGraph(model).eval()
    with torch.no_grad():
        torch.jit.trace(net, torch.zeros(1, channels, 256, 256)).save(sys.argv[2])


if __name__ == "__main__":
    main()
