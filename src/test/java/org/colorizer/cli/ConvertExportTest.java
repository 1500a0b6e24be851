package org.colorizer.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.colorizer.interop.ExportTestModels;
import org.colorizer.interop.OnnxExport;
import org.colorizer.interop.OnnxRuntimeRun;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert --export-onnx / --export-bioimageio from the command line. */
class ConvertExportTest {
    @TempDir
    Path dir;

    static ModelConfig small() {
        return new ModelConfig().optSize(32).optLevels(3).optFilters(4).optDiscriminatorFilters(4);
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void exportOfAMeanComputesTheMeanModel() throws Exception {
        Path a = ExportTestModels.lively(dir.resolve("a.zip"), small(), 1, false, false);
        Path b = ExportTestModels.lively(dir.resolve("b.zip"), small(), 2, false, false);
        Path mean = dir.resolve("mean.zip");
        Path onnx = dir.resolve("mean.onnx");
        MainTest.Run r = MainTest.run("convert", a.toString(), b.toString(), "--out", mean.toString(), "--export-onnx",
                onnx.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("wrote " + onnx) && r.out.contains("ONNX Runtime vs"), r.out);
        ModelFile.Contents m = ModelFile.read(mean);
        float[] x = new float[2 * 32 * 64];
        Random rnd = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rnd.nextFloat() - 1;
        }
        float[] ref = ExportTestModels.djlForward(m, x, 2, 1, 32, 64);
        float[] got = OnnxRuntimeRun.run(Files.readAllBytes(onnx), x, new long[] {2, 1, 32, 64}, "test");
        OnnxExport.Difference d = OnnxExport.difference(ref, got);
        assertTrue(d.range > 0.2 && d.relative() <= 1e-4, d.toString());
    }

    @Test
    void exportsNeedNoOutAndNeverWriteOverAnInput() throws Exception {
        Path a = ExportTestModels.lively(dir.resolve("a.zip"), small(), 1, true, true);
        byte[] before = Files.readAllBytes(a);
        MainTest.Run r = MainTest.run("convert", a.toString(), "--export-onnx", dir.resolve("a.onnx").toString(),
                "--export-bioimageio", dir.resolve("pkg.zip").toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("N x 4 x H x W") && r.out.contains("bioimage.io model package"), r.out);
        assertEquals(List.of("a.onnx", "a.zip", "a.zip.base.zip", "a.zip.base.zip.plain.zip",
                "a.zip.base.zip.zero.zip", "pkg.zip"), names());

        MainTest.Run self = MainTest.run("convert", a.toString(), "--export-onnx", a.toString());
        assertEquals(1, self.status);
        assertTrue(self.err.contains("is an input"), self.err);
        MainTest.Run selfPackage = MainTest.run("convert", a.toString(), "--export-bioimageio", a.toString());
        assertEquals(1, selfPackage.status);
        assertArrayEquals(before, Files.readAllBytes(a), "the input is untouched");

        MainTest.Run same = MainTest.run("convert", a.toString(), "--out", dir.resolve("x.zip").toString(),
                "--export-onnx", dir.resolve("x.zip").toString());
        assertEquals(2, same.status);
        assertEquals(2, MainTest.run("convert", a.toString()).status, "--out or an export is required");
        assertEquals(2, MainTest.run("convert", a.toString(), "--export-onnx", dir.resolve("y.onnx").toString(),
                "--sample", "x.png").status, "--sample belongs to --export-bioimageio");
        assertEquals(2, MainTest.run("convert", a.toString(), "--add-hints", "--export-onnx",
                dir.resolve("y.onnx").toString()).status);
        assertFalse(Files.exists(dir.resolve("x.zip")) || Files.exists(dir.resolve("y.onnx")));
    }

    @Test
    void anExistingExportIsReplacedWholeAndAFolderIsNot() throws Exception {
        Path a = ExportTestModels.lively(dir.resolve("a.zip"), small(), 4, false, false);
        Path onnx = dir.resolve("net.onnx");
        Files.write(onnx, new byte[] {42});
        MainTest.Run r = MainTest.run("convert", a.toString(), "--export-onnx", onnx.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(Files.size(onnx) > 1000);
        assertTrue(names().stream().noneMatch(n -> n.endsWith(".tmp")), names().toString());
        Path folder = dir.resolve("folder.onnx");
        Files.createDirectory(folder);
        MainTest.Run f = MainTest.run("convert", a.toString(), "--export-onnx", folder.toString());
        assertEquals(1, f.status);
        assertTrue(f.err.contains("folder"), f.err);
        assertTrue(Files.isDirectory(folder));
    }
}
