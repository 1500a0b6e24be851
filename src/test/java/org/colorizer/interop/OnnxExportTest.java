package org.colorizer.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Random;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported ONNX graphs computed by ONNX Runtime against the DJL generator they come from. */
class OnnxExportTest {
    @TempDir
    Path dir;

    static ModelConfig small() {
        return new ModelConfig().optSize(64).optLevels(4).optFilters(6).optDiscriminatorFilters(4);
    }

    static float[] input(int n, int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * c * h * w];
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                int base = i * c * plane + p;
                x[base] = 2 * r.nextFloat() - 1;
                if (c == 4 && r.nextFloat() < 0.05f) {
                    x[base + plane] = r.nextFloat() - 0.5f;
                    x[base + 2 * plane] = r.nextFloat() - 0.5f;
                    x[base + 3 * plane] = 1;
                }
            }
        }
        return x;
    }

    /** ORT on the export vs DJL on the model file, batch 2, at two sizes; returns the worst relative difference. */
    static double compare(ModelFile.Contents c, byte[] onnx, int[][] sizes) {
        int ch = c.description.model.getGeneratorInputChannels();
        double worst = 0;
        for (int[] s : sizes) {
            float[] x = input(2, ch, s[0], s[1], s[0] * 31L + s[1]);
            float[] ref = ExportTestModels.djlForward(c, x, 2, ch, s[0], s[1]);
            float[] got = OnnxRuntimeRun.run(onnx, x, new long[] {2, ch, s[0], s[1]}, "test");
            OnnxExport.Difference d = OnnxExport.difference(ref, got);
            assertTrue(d.range > 0.2, "the test model's output varies: " + d);
            assertTrue(d.relative() <= 1e-4, s[0] + "x" + s[1] + ": " + d);
            worst = Math.max(worst, d.relative());
        }
        return worst;
    }

    @Test
    void transposedModelMatchesDjl() throws Exception {
        Path f = ExportTestModels.lively(dir.resolve("t.zip"), small(), 3, false, false);
        ModelFile.Contents c = ModelFile.read(f);
        try (OnnxExport e = OnnxExport.open(c, "test")) {
            assertEquals(1, e.inputChannels());
            byte[] o = e.toOnnx();
            compare(c, o, new int[][] {{32, 48}, {64, 16}});
        }
    }
}
