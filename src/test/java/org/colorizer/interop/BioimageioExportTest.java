package org.colorizer.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;
import org.colorizer.io.ImageFiles;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bioimage.io packages: files, rdf.yaml, checksums, .npy headers, and the weights reproducing the test tensors. */
class BioimageioExportTest {
    @TempDir
    static Path dir;
    static ModelFile.Contents hintModel;

    @BeforeAll
    static void models() throws Exception {
        ModelConfig cfg = new ModelConfig().optSize(64).optLevels(4).optFilters(6).optDiscriminatorFilters(4);
        hintModel = ModelFile.read(ExportTestModels.lively(dir.resolve("h.zip"), cfg, 21, true, true));
    }

    /** A parsed .npy file: shape and float32 data. */
    static final class Npy {
        long[] shape;
        float[] data;
    }

    static Npy readNpy(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, buf.get());
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        buf.position(6);
        assertEquals(1, buf.get(), "format version 1.0");
        assertEquals(0, buf.get());
        int len = buf.getShort() & 0xFFFF;
        assertEquals(0, (10 + len) % 64, "data aligned to 64 bytes");
        String header = new String(b, 10, len, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"), header);
        Matcher m = Pattern.compile("\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]+)\\), \\} *\n")
                .matcher(header);
        assertTrue(m.matches(), header);
        Npy n = new Npy();
        n.shape = Stream.of(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long d : n.shape) {
            count *= d;
        }
        assertEquals(10 + len + 4 * count, b.length, "data size");
        n.data = new float[(int) count];
        buf.position(10 + len);
        buf.asFloatBuffer().get(n.data);
        return n;
    }

    static String sha256(byte[] b) throws Exception {
        StringBuilder s = new StringBuilder();
        for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    /** Top-level keys of a YAML mapping (lines starting with "key:"). */
    static List<String> topKeys(String yaml) {
        List<String> keys = new ArrayList<>();
        for (String line : yaml.split("\n")) {
            Matcher m = Pattern.compile("^([a-z_]+):").matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    static float number(String yaml, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(yaml);
        assertTrue(m.find(), pattern);
        return Float.parseFloat(m.group(1));
    }

    /** Every file the package consists of, checked; returns the files by name. */
    static Map<String, byte[]> checkPackage(Map<String, byte[]> files, int side) throws Exception {
        String rdf = new String(files.get("rdf.yaml"), StandardCharsets.UTF_8);
        List<String> keys = topKeys(rdf);
        for (String k : new String[] {"type", "format_version", "name", "description", "authors", "cite", "license",
                "documentation", "covers", "inputs", "outputs", "weights"}) {
            assertTrue(keys.contains(k), k + " in\n" + rdf);
        }
        assertEquals(keys.size(), keys.stream().distinct().count(), "no key twice");
        assertTrue(rdf.contains("\ntype: model\n") && rdf.matches("(?s).*\nformat_version: 0\\.5\\.[0-9]+\n.*"), rdf);
        assertTrue(rdf.contains("doi: \"10.1109/CVPR.2017.632\""), rdf);
        assertTrue(rdf.contains("\ndocumentation: \"README.md\"\n") && files.containsKey("README.md"));
        assertTrue(new String(files.get("README.md"), StandardCharsets.UTF_8).contains("## Validation"));
        assertTrue(rdf.matches("(?s).*\nname: \"[A-Za-z0-9_() -]{1,64}\"\n.*"), rdf);
        assertTrue(rdf.contains("    opset_version: " + OnnxExport.OPSET + "\n"), rdf);
        // every file named in rdf.yaml exists and its sha256 (on the next line) matches
        Matcher m = Pattern.compile("source: \"([^\"]+)\"\n\\s*sha256: ([0-9a-f]{64})\n").matcher(rdf);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            assertTrue(files.containsKey(m.group(1)), m.group(1));
            assertEquals(sha256(files.get(m.group(1))), m.group(2), m.group(1));
            checked.add(m.group(1));
        }
        assertTrue(checked.containsAll(List.of("weights.onnx", "test_input.npy", "test_output.npy", "colorizer.json")),
                checked.toString());
        assertTrue(rdf.contains("covers:\n  - \"cover.png\"\n"), rdf);
        BufferedImage cover = ImageIO.read(new ByteArrayInputStream(files.get("cover.png")));
        assertEquals(2 * side, cover.getWidth());
        assertEquals(side, cover.getHeight());

        Npy in = readNpy(files.get("test_input.npy"));
        Npy out = readNpy(files.get("test_output.npy"));
        assertArrayEquals(new long[] {1, 1, side, side}, in.shape);
        assertArrayEquals(new long[] {1, 2, side, side}, out.shape);
        // the package's weights reproduce its test output from its test input, with its pre- and postprocessing
        float gain = number(rdf, "preprocessing:\n\\s*- id: scale_linear\n\\s*kwargs: \\{gain: ([-0-9.eE]+),");
        float offset = number(rdf, "preprocessing:\n\\s*- id: scale_linear\n\\s*kwargs: \\{gain: [-0-9.eE]+, offset: ([-0-9.eE]+)\\}");
        float outGain = number(rdf, "postprocessing:\n\\s*- id: scale_linear\n\\s*kwargs: \\{gain: ([-0-9.eE]+),");
        float[] x = new float[in.data.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = in.data[i] * gain + offset;
        }
        float[] y = OnnxRuntimeRun.run(files.get("weights.onnx"), x, in.shape, "package");
        for (int i = 0; i < y.length; i++) {
            y[i] *= outGain;
        }
        OnnxExport.Difference d = OnnxExport.difference(out.data, y);
        assertTrue(d.range > 1 && d.relative() <= 1e-4, d.toString());
        System.out.println("package " + side + "x" + side + ", ORT vs test output: " + d);
        return files;
    }

    static Map<String, byte[]> folder(Path p) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> s = Files.list(p)) {
            for (Path f : s.collect(Collectors.toList())) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    @Test
    void folderPackageIsCompleteAndReproducesItsTestTensors() throws Exception {
        Path target = dir.resolve("pkg");
        BioimageioExport.Result r = BioimageioExport.write(hintModel, "test", target, new BioimageioExport.Options());
        assertEquals(64, r.side);
        Map<String, byte[]> files = folder(target);
        assertEquals(r.files.keySet(), files.keySet());
        checkPackage(files, 64);
        String rdf = new String(files.get("rdf.yaml"), StandardCharsets.UTF_8);
        assertTrue(rdf.contains("\nlicense: \"CC-BY-NC-4.0\"\n") && !rdf.contains("MoNuSeg"), rdf);
        // the test output is the original hint-aware model's a*b* without hints, from DJL
        Npy in = readNpy(files.get("test_input.npy"));
        float[] full = new float[4 * 64 * 64];
        for (int i = 0; i < 64 * 64; i++) {
            full[i] = in.data[i] / 50f - 1f;
        }
        float[] ab = ExportTestModels.djlForward(hintModel, full, 1, 4, 64, 64);
        Npy out = readNpy(files.get("test_output.npy"));
        for (int i = 0; i < ab.length; i++) {
            assertEquals(110 * ab[i], out.data[i], 1e-3, "a*b* " + i);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary folder left");
        }
    }

    @Test
    void zipPackageHoldsTheSameFiles() throws Exception {
        Path zip = dir.resolve("pkg.zip");
        BioimageioExport.Options o = new BioimageioExport.Options();
        o.url = "https://example.org/colorizer";
        o.license = "MIT";
        BioimageioExport.write(hintModel, "test", zip, o);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                assertFalse(e.getName().contains("/"), "flat: " + e.getName());
                files.put(e.getName(), z.readAllBytes());
            }
        }
        checkPackage(files, 64);
        String rdf = new String(files.get("rdf.yaml"), StandardCharsets.UTF_8);
        assertTrue(rdf.contains("license: \"MIT\"") && rdf.contains("url: \"https://example.org/colorizer\""), rdf);
    }

    @Test
    void sampleImageBecomesTheTestInput() throws Exception {
        int[] gray = new int[50 * 30];
        java.util.Arrays.fill(gray, 0xFF808080);
        Path sample = dir.resolve("gray.png");
        ImageFiles.writePng(sample, gray, 50, 30);
        BioimageioExport.Options o = new BioimageioExport.Options();
        o.sample = sample;
        BioimageioExport.Result r = BioimageioExport.build(hintModel, "test", o);
        Npy in = readNpy(r.files.get("test_input.npy"));
        for (float v : in.data) {
            assertEquals(Lab.grayToL(128), v, 0.01f);
        }
    }

    @Test
    void nonEmptyFolderAndBadSettingsAreRefused() throws Exception {
        Path busy = dir.resolve("busy");
        Files.createDirectories(busy);
        Files.write(busy.resolve("mine.txt"), new byte[] {1, 2, 3});
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> BioimageioExport.write(hintModel, "test", busy, new BioimageioExport.Options()));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals(List.of("mine.txt"), Files.list(busy).map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        BioimageioExport.Options o = new BioimageioExport.Options();
        o.license = "my license";
        assertThrows(ColorizerException.class, () -> BioimageioExport.build(hintModel, "test", o));
        BioimageioExport.Options u = new BioimageioExport.Options();
        u.url = "example.org";
        assertThrows(ColorizerException.class, () -> BioimageioExport.build(hintModel, "test", u));
    }

    @Test
    void heIsShareAlikeAndCitesItsData() {
        ModelFile.Contents he = new ModelFile.Contents(
                ModelFile.gson().fromJson(ModelFile.gson().toJson(hintModel.description), ModelDescription.class),
                hintModel.entries);
        he.description.name = "he";
        BioimageioExport.Result r = BioimageioExport.build(he, "test", new BioimageioExport.Options());
        String rdf = new String(r.files.get("rdf.yaml"), StandardCharsets.UTF_8);
        assertTrue(rdf.contains("\nlicense: \"CC-BY-NC-SA-4.0\"\n") && rdf.contains("doi: \"10.1109/TMI.2017.2677499\""),
                rdf);
        assertTrue(new String(r.files.get("README.md"), StandardCharsets.UTF_8).contains("MoNuSeg"));
    }
}
