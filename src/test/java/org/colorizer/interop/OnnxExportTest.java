package org.colorizer.interop;

import static org.junit.jupiter.api.Assertions.*;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.colorizer.ColorizerException;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;
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
            System.out.println(c.description.model + " 2x" + ch + "x" + s[0] + "x" + s[1] + ", ORT vs DJL: " + d);
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

    @Test
    void hintAwareFloat16ModelMatchesDjlWithHints() throws Exception {
        Path f = ExportTestModels.lively(dir.resolve("h.zip"), small(), 5, true, true);
        ModelFile.Contents c = ModelFile.read(f);
        assertEquals("float16", c.description.weights.dtype);
        try (OnnxExport e = OnnxExport.open(c, "test")) {
            assertEquals(4, e.inputChannels());
            compare(c, e.toOnnx(), new int[][] {{16, 32}, {48, 48}});
        }
    }

    @Test
    void resizeConvModelMatchesDjl() throws Exception {
        ModelConfig cfg = small().optUpsampling(ModelConfig.Upsampling.RESIZE_CONV).optLevels(3);
        Path f = ExportTestModels.lively(dir.resolve("r.zip"), cfg, 7, false, false);
        ModelFile.Contents c = ModelFile.read(f);
        try (OnnxExport e = OnnxExport.open(c, "test")) {
            compare(c, e.toOnnx(), new int[][] {{8, 24}, {40, 16}});
        }
    }

    @Test
    void lightnessOnlyExportComputesTheHintModelWithoutHints() throws Exception {
        Path f = ExportTestModels.lively(dir.resolve("l.zip"), small(), 9, true, false);
        ModelFile.Contents c = ModelFile.read(f);
        try (OnnxExport e = OnnxExport.openLightnessOnly(c, "test")) {
            assertEquals(1, e.inputChannels());
            assertFalse(e.description().model.takesHints());
            assertTrue(c.description.model.takesHints(), "the model read is left as it was");
            int h = 32;
            int w = 48;
            float[] l = input(2, 1, h, w, 1);
            float[] full = new float[2 * 4 * h * w]; // hint planes all zero
            for (int i = 0; i < 2; i++) {
                System.arraycopy(l, i * h * w, full, i * 4 * h * w, h * w);
            }
            float[] ref = ExportTestModels.djlForward(c, full, 2, 4, h, w);
            float[] got = OnnxRuntimeRun.run(e.toOnnx(), l, new long[] {2, 1, h, w}, "test");
            OnnxExport.Difference d = OnnxExport.difference(ref, got);
            assertTrue(d.range > 0.2 && d.relative() <= 1e-4, d.toString());
            float[] djl = e.forward(l, 2, h, w);
            assertTrue(OnnxExport.difference(ref, djl).maxAbs == 0, "forward feeds zero hints");
        }
    }

    @Test
    void metadataRecordsTheConventionAndTheDescription() throws Exception {
        Path f = ExportTestModels.lively(dir.resolve("m.zip"), small(), 11, true, false);
        ModelFile.Contents c = ModelFile.read(f);
        c.description.workingSize = 96;
        Path onnx = dir.resolve("m.onnx");
        try (OnnxExport e = OnnxExport.open(c, "test")) {
            e.write(onnx);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals("colorizer", meta.get("colorizer.io"));
            assertEquals("16", meta.get("colorizer.size_multiple"));
            assertTrue(meta.get("colorizer.input").contains("L*/50 - 1") && meta.get("colorizer.input").contains("mask"));
            assertTrue(meta.get("colorizer.output").contains("a*/110"));
            ModelDescription d = ModelFile.gson().fromJson(meta.get("colorizer.description"), ModelDescription.class);
            assertEquals(c.description.model, d.model);
            assertEquals(96, d.workingSize);
            assertEquals("lively", d.name);
            assertEquals(java.util.Set.of("input"), s.getInputInfo().keySet());
            assertEquals(java.util.Set.of("ab"), s.getOutputInfo().keySet());
            long[] in = ((TensorInfo) s.getInputInfo().get("input").getInfo()).getShape();
            long[] out = ((TensorInfo) s.getOutputInfo().get("ab").getInfo()).getShape();
            assertArrayEquals(new long[] {-1, 4, -1, -1}, in); // N, H, W symbolic
            assertArrayEquals(new long[] {-1, 2, -1, -1}, out);
        }
        // opset and IR version, read from the bytes: ModelProto field 1 (ir_version) comes first
        byte[] b = Files.readAllBytes(onnx);
        assertEquals(0x08, b[0]);
        assertEquals(8, b[1]);
    }

    @Test
    void checkpointExportsItsGenerator() throws Exception {
        Path f = ExportTestModels.lively(dir.resolve("c.zip"), small(), 13, false, false);
        ModelFile.Contents m = ModelFile.read(f);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelFile.GENERATOR_ENTRY, m.entries.get(ModelFile.GENERATOR_ENTRY));
        entries.put(ModelFile.DISCRIMINATOR_ENTRY, m.entries.get(ModelFile.GENERATOR_ENTRY)); // any weights
        m.description.kind = "checkpoint";
        Path ckpt = dir.resolve("run.checkpoint.zip");
        ModelFile.write(ckpt, m.description, entries);
        ModelFile.Contents c = ModelFile.read(ckpt);
        try (OnnxExport e = OnnxExport.open(c, "checkpoint")) {
            compare(c, e.toOnnx(), new int[][] {{16, 16}, {32, 16}});
        }
    }

    @Test
    void damagedWeightsAreRefusedNamingTheFile() throws Exception {
        Path f = ExportTestModels.lively(dir.resolve("d.zip"), small(), 15, false, false);
        ModelFile.Contents c = ModelFile.read(f);
        Map<String, byte[]> other = new LinkedHashMap<>();
        Path bigger = ExportTestModels.lively(dir.resolve("b.zip"), small().optFilters(8), 15, false, false);
        other.put(ModelFile.GENERATOR_ENTRY, ModelFile.read(bigger).entries.get(ModelFile.GENERATOR_ENTRY));
        ModelFile.Contents mismatched = new ModelFile.Contents(c.description, other);
        ColorizerException ex = assertThrows(ColorizerException.class,
                () -> OnnxExport.open(mismatched, "Model file d.zip").close());
        assertTrue(ex.getMessage().startsWith("Model file d.zip: architecture mismatch"), ex.getMessage());
    }

    @Test
    void builtinGeneralMatchesDjlAt128() {
        ModelFile.Contents c = BuiltinModels.read(BuiltinModels.GENERAL);
        try (OnnxExport e = OnnxExport.open(c, "general")) {
            byte[] onnx = e.toOnnx();
            int ch = e.inputChannels();
            float[] x = e.testInput(1, 128, 128, 1);
            float[] ref = ExportTestModels.djlForward(c, x, 1, ch, 128, 128);
            float[] got = OnnxRuntimeRun.run(onnx, x, new long[] {1, ch, 128, 128}, "general");
            OnnxExport.Difference d = OnnxExport.difference(ref, got);
            System.out.println("general 1x" + ch + "x128x128, ORT vs DJL: " + d + ", ONNX " + onnx.length + " bytes");
            assertTrue(d.range > 0.05 && d.relative() <= 1e-4, d.toString()); // noise in, dull colors out
        }
    }

    @Test
    void importedNetworksAreRefused() throws Exception {
        Path imported = dir.resolve("imported.zip");
        NetworkImport.run(Fixtures.path("l-ab.onnx"), "l-ab", 0, null, imported);
        ModelFile.Contents c = ModelFile.read(imported);
        ColorizerException e = assertThrows(ColorizerException.class, () -> OnnxExport.open(c, "Model file x").close());
        assertTrue(e.getMessage().startsWith("Model file x holds an imported onnx network")
                && e.getMessage().contains("cannot be exported"), e.getMessage());
    }
}
