package org.colorizer.training;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.colorizer.engine.Engines;
import org.colorizer.model.Conv;
import org.colorizer.model.Networks;
import org.colorizer.model.TorchOps;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static void backward(NDArray loss) {
        JniUtils.backward(TorchOps.pt(loss), TorchOps.pt(loss.getManager().ones(new Shape())), false, false);
    }

    @Test
    void matchesPyTorchAdamFormula() {
        float lr = 0.01f, b1 = 0.5f, b2 = 0.999f, eps = 1e-8f;
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Conv block = new Conv(2, 3, 1, 1, 0, true);
            Networks.initialize(block, m, new Shape(1, 2, 1, 1), 3);
            NDArray w = block.getParameters().get("weight").getArray();
            float[] target = {0.5f, -1f, 2f, 0.25f, 3f, -2f};
            NDArray t = m.create(target, w.getShape());
            double[] ref = new double[6];
            float[] w0 = w.toFloatArray();
            for (int i = 0; i < 6; i++) {
                ref[i] = w0[i];
            }
            double[] mm = new double[6];
            double[] vv = new double[6];
            try (Adam adam = new Adam("X", block, lr, b1, b2, eps, m)) {
                for (int step = 1; step <= 5; step++) {
                    adam.zeroGradients();
                    try (TorchOps.GradMode on = TorchOps.gradMode(true)) {
                        backward(w.sub(t).square().sum()); // gradient 2 (w - t)
                    }
                    assertTrue(adam.gradientsFinite(m));
                    adam.update(m);
                    for (int i = 0; i < 6; i++) { // torch.optim.Adam, single-tensor path
                        double g = 2 * (ref[i] - target[i]);
                        mm[i] = b1 * mm[i] + (1 - b1) * g;
                        vv[i] = b2 * vv[i] + (1 - b2) * g * g;
                        double denom = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                        ref[i] -= lr / (1 - Math.pow(b1, step)) * mm[i] / denom;
                    }
                    float[] got = w.toFloatArray();
                    for (int i = 0; i < 6; i++) {
                        assertEquals(ref[i], got[i], 1e-6, "step " + step + " value " + i);
                    }
                }
                assertEquals(5, adam.getStepCount());
            }
        }
    }

    @Test
    void detectsNonFiniteGradientBehindFiniteLoss() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Conv block = new Conv(1, 2, 1, 1, 0, false);
            Networks.initialize(block, m, new Shape(1, 1, 1, 1), 1);
            NDArray w = block.getParameters().get("weight").getArray();
            try (Adam adam = new Adam("X", block, 1e-3f, 0.5f, 0.999f, 1e-8f, m)) {
                adam.zeroGradients();
                NDArray loss;
                try (TorchOps.GradMode on = TorchOps.gradMode(true)) {
                    loss = w.mul(TorchOps.scalar(m, 0f)).sqrt().sum(); // 0, but d sqrt(0 w) / dw = 0 * inf
                    backward(loss);
                }
                assertEquals(0f, loss.getFloat());
                assertFalse(adam.gradientsFinite(m));
                adam.zeroGradients(); // zero_ clears NaN (DJL's subi-based zeroing would keep it)
                assertTrue(adam.gradientsFinite(m));
            }
        }
    }

    @Test
    void stateRoundTripsBitForBit() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Conv block = new Conv(2, 2, 3, 1, 1, true);
            Networks.initialize(block, m, new Shape(1, 2, 4, 4), 2);
            NDArray x = m.randomNormal(new Shape(1, 2, 4, 4));
            NDList state;
            try (Adam adam = new Adam("A", block, 1e-2f, 0.5f, 0.999f, 1e-8f, m)) {
                for (int i = 0; i < 3; i++) {
                    adam.zeroGradients();
                    try (TorchOps.GradMode on = TorchOps.gradMode(true)) {
                        backward(block.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), true)
                                .singletonOrThrow().square().sum());
                    }
                    adam.update(m);
                }
                state = adam.state(m);
            }
            try (Adam fresh = new Adam("A", block, 1e-2f, 0.5f, 0.999f, 1e-8f, m)) {
                fresh.loadState(state);
                assertEquals(3, fresh.getStepCount());
                NDList again = fresh.state(m);
                assertEquals(state.size(), again.size());
                for (int i = 0; i < state.size(); i++) {
                    assertEquals(state.get(i).getName(), again.get(i).getName());
                    assertTrue(state.get(i).contentEquals(again.get(i)), state.get(i).getName());
                }
                assertThrows(org.colorizer.ColorizerException.class, () -> fresh.loadState(new NDList()));
            }
        }
    }
}
