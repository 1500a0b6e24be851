package org.colorizer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.hints.Hint;
import org.colorizer.hints.HintSet;
import org.colorizer.metrics.ImageMetrics;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in general model exported to ONNX and imported back (convention colorizer) colorizes as it does. */
class RoundTripTest {
    @TempDir
    Path dir;

    @Test
    void generalThroughOnnxAndBack() throws Exception {
        Path onnx = dir.resolve("general.onnx");
        try (OnnxExport e = OnnxExport.open(BuiltinModels.read("general"), "built-in model 'general'")) {
            e.write(onnx);
        }
        Path model = dir.resolve("general-onnx.zip");
        NetworkImport.run(onnx, "colorizer", 0, null, model);
        ModelFile.Contents c = ModelFile.read(model);
        assertEquals(384, c.description.workingSize, "the working size comes back from the ONNX metadata");
        assertEquals(3, c.description.network.hintChannels);
        assertEquals(128, c.description.network.sizeMultiple);

        // a 300 x 200 picture: L* with structure at several scales
        int w = 300;
        int h = 200;
        float[] l = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                l[y * w + x] = (float) (50 + 30 * Math.sin(x * 0.05) * Math.cos(y * 0.08) + 15 * Math.sin((x + y) * 0.3));
            }
        }
        HintSet hints = new HintSet(w, h, List.of(Hint.disk(80, 60, 4, 50f, 30f), Hint.disk(220, 150, 4, -20f, -40f)));
        try (Colorizer builtin = Colorizer.open("general", Device.cpu());
                Colorizer imported = Colorizer.load(model, Device.cpu())) {
            assertEquals("ONNX Runtime", imported.networkKind());
            for (HintSet hs : new HintSet[] {null, hints}) {
                int[] a = builtin.colorize(Lightness.of(l, w, h), hs);
                int[] b = imported.colorize(Lightness.of(l, w, h), hs);
                double psnr = ImageMetrics.psnrCapped(a, b, 99);
                System.out.println("general through ONNX and back, " + (hs == null ? "without" : "with") + " hints: "
                        + psnr + " dB");
                assertTrue(psnr >= 50, (hs == null ? "without" : "with") + " hints: " + psnr + " dB");
            }
        }
    }
}
