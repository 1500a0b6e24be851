package org.colorizer.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import org.colorizer.engine.Engines;
import org.junit.jupiter.api.Test;

class ConvTest {

    @Test
    void smallOutputsAsMatrixProductEqualTheConvolution() {
        try (NDManager m = Engines.pytorch().newBaseManager();
                TorchOps.GradMode on = TorchOps.gradMode(true)) {
            int[][] cases = {{1, 2, 2, 2}, {1, 4, 4, 2}, {2, 2, 2, 2}, {1, 3, 5, 1}, {1, 9, 7, 2}}; // n, h, w, stride
            for (int[] c : cases) {
                NDArray x = m.randomNormal(new Shape(c[0], 3, c[1], c[2]));
                x.setRequiresGradient(true);
                NDArray w = m.randomNormal(new Shape(5, 3, 4, 4));
                w.setRequiresGradient(true);
                NDArray b = m.randomNormal(new Shape(5));
                NDArray want = Conv.conv(x, w, b, c[3], 1);
                NDArray got = Conv.im2col(x, w, b, c[3], 1);
                assertEquals(want.getShape(), got.getShape());
                assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 1e-4f);
                NDArray g = m.randomNormal(want.getShape());
                JniUtils.backward((PtNDArray) want.mul(g).sum(), (PtNDArray) m.ones(new Shape()), false, false);
                float[] gx = x.getGradient().toFloatArray();
                float[] gw = w.getGradient().toFloatArray();
                JniUtils.zeroGrad((PtNDArray) x);
                JniUtils.zeroGrad((PtNDArray) w);
                JniUtils.backward((PtNDArray) got.mul(g).sum(), (PtNDArray) m.ones(new Shape()), false, false);
                assertArrayEquals(gx, x.getGradient().toFloatArray(), 1e-4f);
                assertArrayEquals(gw, w.getGradient().toFloatArray(), 1e-4f);
            }
            // the block takes this path by itself for tiny outputs
            Conv conv = new Conv(3, 5, 4, 2, 1, false);
            Networks.initialize(conv, m, new Shape(1, 3, 2, 2), 1);
            NDArray x = m.randomNormal(new Shape(1, 3, 2, 2));
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            NDArray want = Conv.conv(x, conv.getParameters().get("weight").getArray(), null, 2, 1);
            assertArrayEquals(want.toFloatArray(), y.toFloatArray(), 1e-5f);
        }
    }
}
