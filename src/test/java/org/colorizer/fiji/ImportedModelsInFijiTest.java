package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import java.awt.Color;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.Lightness;
import org.colorizer.colorize.Preview;
import org.colorizer.interop.NetworkImport;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandModule;

/** Imported networks in Fiji: Colorize through SciJava, and the Hint Tool's live preview of a hints network. */
class ImportedModelsInFijiTest extends SciJavaTest {
    static Path fixture(String name) throws Exception {
        return Paths.get(NetworkImport.class.getResource(name).toURI());
    }

    @Test
    void colorizeRunsAnImportedNetworkAsTheCommandLineDoes() throws Exception {
        Path model = dir.resolve("l-ab.zip");
        NetworkImport.run(fixture("l-ab.onnx"), "l-ab", 64, null, model);
        ImagePlus imp = ColorizeWithHintsTest.gray(90, 60);
        CommandModule m = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                model.toFile(), "device", "cpu", "tile", 0, "strength", 1f, "hints", "auto").get();
        int[] fiji = ColorizeWithHintsTest.pixels(m);
        ImagePlus out = (ImagePlus) m.getOutput("output");
        assertEquals(ImagePlus.COLOR_RGB, out.getType());
        assertEquals(90, out.getWidth());
        assertEquals(60, out.getHeight());
        Lightness l = Preview.lightness(imp).get(0);
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            assertArrayEquals(c.colorize(l), fiji, "Fiji's Colorize gives what the colorize pipeline gives");
        }
        int colored = 0;
        for (int p : fiji) {
            int r = (p >> 16) & 255;
            int g = (p >> 8) & 255;
            int b = p & 255;
            colored += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 8 ? 1 : 0;
        }
        assertTrue(colored > fiji.length / 4, "colors: " + colored + " of " + fiji.length + " pixels");
    }

    @Test
    void importNetworkAndExportModelRunAsCommands() throws Exception {
        Path model = dir.resolve("imported.zip");
        CommandModule m = commands.run(ImportNetwork.class, true, "network", fixture("l-hints-ab.onnx").toFile(), "io",
                "l-hints-ab", "iosize", 64, "name", "siggraph-test", "output", model.toFile()).get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        assertTrue(((String) m.getOutput("summary")).contains("convention l-hints-ab"), (String) m.getOutput("summary"));
        org.colorizer.modelfile.ModelFile.Contents c = org.colorizer.modelfile.ModelFile.read(model);
        assertEquals("siggraph-test", c.description.name);
        assertEquals(64, c.description.network.size);

        CommandModule bad = commands.run(ImportNetwork.class, true, "network", fixture("bad-nan.pt").toFile(), "io",
                "l-ab", "iosize", 0, "output", dir.resolve("bad.zip").toFile()).get();
        assertTrue(bad.isCanceled());
        assertTrue(bad.getCancelReason().contains("not finite"), bad.getCancelReason());
        assertFalse(java.nio.file.Files.exists(dir.resolve("bad.zip")));

        Path trained = org.colorizer.testutil.TestModels.untrained(dir.resolve("tiny.zip"),
                org.colorizer.testutil.TestModels.tinyConfig(), 2);
        Path onnx = dir.resolve("tiny.onnx");
        CommandModule e = commands.run(ExportModel.class, true, "model", "file", "modelfile", trained.toFile(),
                "format", ExportModel.ONNX, "output", onnx.toFile()).get();
        assertFalse(e.isCanceled(), String.valueOf(e.getCancelReason()));
        try (org.colorizer.interop.OnnxNetwork n = new org.colorizer.interop.OnnxNetwork(
                java.nio.file.Files.readAllBytes(onnx), "tiny.onnx", ai.djl.Device.cpu())) {
            assertEquals(1, n.inputCount());
        }
        Path pkg = dir.resolve("tiny-bioimageio.zip");
        e = commands.run(ExportModel.class, true, "model", "file", "modelfile", trained.toFile(), "format",
                ExportModel.BIOIMAGEIO, "output", pkg.toFile()).get();
        assertFalse(e.isCanceled(), String.valueOf(e.getCancelReason()));
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(pkg.toFile())) {
            assertTrue(z.getEntry("rdf.yaml") != null && z.getEntry("weights.onnx") != null);
        }
        CommandModule refused = commands.run(ExportModel.class, true, "model", "file", "modelfile", model.toFile(),
                "format", ExportModel.ONNX, "output", dir.resolve("x.onnx").toFile()).get();
        assertTrue(refused.isCanceled() && refused.getCancelReason().contains("imported"), refused.getCancelReason());
    }

    @Test
    void colorizeFolderRunsAnImportedTorchScriptNetwork() throws Exception {
        Path model = dir.resolve("grayrgb.zip");
        NetworkImport.run(fixture("grayrgb-ab.pt"), "grayrgb-ab", 64, null, model);
        Path in = java.nio.file.Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 2; i++) {
            javax.imageio.ImageIO.write(ColorizeWithHintsTest.gray(50 + 10 * i, 40).getBufferedImage(), "png",
                    in.resolve("g" + i + ".png").toFile());
        }
        Path out = dir.resolve("out");
        CommandModule m = commands.run(ColorizeFolder.class, true, "input", in.toFile(), "output", out.toFile(),
                "model", "file", "modelfile", model.toFile(), "overwrite", false).get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        for (int i = 0; i < 2; i++) {
            java.awt.image.BufferedImage o = javax.imageio.ImageIO.read(out.resolve("g" + i + ".png").toFile());
            assertEquals(50 + 10 * i, o.getWidth());
            int p = o.getRGB(10, 10);
            assertTrue(((p >> 16) & 255) != (p & 255) || ((p >> 8) & 255) != (p & 255), "colored: "
                    + Integer.toHexString(p));
        }
    }

    @Test
    void theHintToolPreviewFeedsHintsToAHintsNetwork() throws Exception {
        Path model = dir.resolve("l-hints-ab.zip");
        NetworkImport.run(fixture("l-hints-ab.pt"), "l-hints-ab", 64, null, model);
        ImagePlus imp = ColorizeWithHintsTest.gray(96, 64);
        try (Colorizer c = Colorizer.load(model, Device.cpu())) {
            assertTrue(c.takesHints());
            int[] plain = preview(imp, c);
            Roi hint = new OvalRoi(40, 24, 10, 10);
            hint.setName("hint-1");
            hint.setFillColor(new Color(0x20C020));
            imp.setOverlay(new Overlay(hint));
            int[] hinted = preview(imp, c);
            double near = ColorizeWithHintsTest.diff(plain, hinted, 96, 45, 29, 3);
            double far = ColorizeWithHintsTest.diff(plain, hinted, 96, 10, 55, 3);
            assertTrue(near > 10, "the green hint shows in the preview where it lies: " + near);
            assertTrue(far < near / 4, "and the network itself carries it, not to the far corner: " + far);
            int p = hinted[29 * 96 + 45];
            assertTrue(((p >> 8) & 255) > ((p >> 16) & 255) + 20, "green there: " + Integer.toHexString(p));
        }
    }

    private static int[] preview(ImagePlus imp, Colorizer c) throws Exception {
        StringBuilder errors = new StringBuilder();
        try (LivePreview p = new LivePreview(imp, c, RoiHints.Mode.AUTO, 3, errors::append)) {
            p.request();
            assertTrue(p.awaitUpdates(1, 60_000), "the preview updates");
            assertNull(p.lastError(), errors.toString());
            assertFalse(p.isClosed());
            return ((int[]) p.image().getProcessor().getPixels()).clone();
        }
    }
}
