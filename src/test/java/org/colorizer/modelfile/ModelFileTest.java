package org.colorizer.modelfile;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files: round trip, and every kind of bad file gives a clear error without reading outside. */
class ModelFileTest {
    @TempDir
    Path dir;

    private static byte[] weights(boolean half) throws IOException {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            List<Pair<String, NDArray>> list = new ArrayList<>();
            list.add(new Pair<>("conv_weight", m.create(new float[] {1.5f, -2.25f, 3.125f, 0.1f}, new Shape(2, 2))));
            list.add(new Pair<>("bias", m.create(new float[] {0.5f}, new Shape(1))));
            return WeightCodec.encode(list, half);
        }
    }

    private Path writeValid(String name) throws IOException {
        ModelDescription d = new ModelDescription();
        d.model = new ModelConfig().optSize(64).optLevels(3).optFilters(4);
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(ModelFile.GENERATOR_ENTRY, weights(false));
        Path f = dir.resolve(name);
        ModelFile.write(f, d, e);
        return f;
    }

    @Test
    void roundTripKeepsDescriptionAndWeights() throws IOException {
        Path f = writeValid("m.zip");
        ModelFile.Contents c = ModelFile.read(f);
        assertEquals(64, c.description.model.getSize());
        assertEquals(ModelDescription.FORMAT_VERSION, c.description.formatVersion);
        Map<String, WeightCodec.Tensor> t = WeightCodec.decode(c.entries.get(ModelFile.GENERATOR_ENTRY), "x");
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            assertArrayEquals(new float[] {1.5f, -2.25f, 3.125f, 0.1f}, t.get("conv_weight").toArray(m).toFloatArray());
            assertArrayEquals(new long[] {2, 2}, t.get("conv_weight").shape);
        }
        // no temporary files left behind
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void halfPrecisionHalvesSizeAndKeepsValuesToFloat16() throws IOException {
        byte[] f32 = weights(false);
        byte[] f16 = weights(true);
        assertTrue(f16.length < f32.length);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            float[] v = WeightCodec.decode(f16, "x").get("conv_weight").toArray(m).toFloatArray();
            assertEquals(1.5f, v[0], 0f);
            assertEquals(0.1f, v[3], 1e-4f);
        }
    }

    private static void assertRejected(Path f, String... expectedWords) {
        ColorizerException e = assertThrows(ColorizerException.class, () -> ModelFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String w : expectedWords) {
            assertTrue(e.getMessage().toLowerCase().contains(w.toLowerCase()), "'" + w + "' in: " + e.getMessage());
        }
    }

    @Test
    void emptyRandomAndTruncatedFilesAreRejected() throws IOException {
        Path empty = Files.write(dir.resolve("empty.zip"), new byte[0]);
        assertRejected(empty, "empty");
        byte[] random = new byte[5000];
        new Random(1).nextBytes(random);
        assertRejected(Files.write(dir.resolve("random.zip"), random), "not a zip");
        byte[] good = Files.readAllBytes(writeValid("good.zip"));
        for (int cut : new int[] {10, good.length / 3, good.length / 2, good.length - 30}) {
            Path t = Files.write(dir.resolve("cut" + cut + ".zip"), Arrays.copyOf(good, cut));
            ColorizerException e = assertThrows(ColorizerException.class, () -> ModelFile.read(t));
            assertTrue(e.getMessage().contains(t.toString()));
        }
        assertRejected(dir, "folder");
        assertRejected(dir.resolve("missing.zip"), "does not exist");
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    private static String description(int version, String modelJson, String sha) {
        return "{\"format\":\"colorizer-model\",\"formatVersion\":" + version + ",\"model\":" + modelJson
                + ",\"weights\":{\"sha256\":\"" + sha + "\"}}";
    }

    @Test
    void zipWithoutDescriptionNewerVersionAbsurdSizesAndTraversalAreRejected() throws IOException {
        byte[] w = weights(false);
        String sha = ModelFile.sha256(w);
        String okModel = "{\"size\":64,\"levels\":3,\"filters\":4,\"dropout\":0.5,\"dropoutLayers\":1,"
                + "\"upsampling\":\"TRANSPOSED\",\"discriminatorLayers\":3,\"discriminatorFilters\":8}";
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(ModelFile.GENERATOR_ENTRY, w);
        assertRejected(zip("nodesc.zip", e), "description");

        e.put(ModelFile.DESCRIPTION_ENTRY, description(99, okModel, sha).getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("newer.zip", e), "newer", "update");

        e.put(ModelFile.DESCRIPTION_ENTRY, description(1, okModel.replace("\"size\":64", "\"size\":1000000000"), sha)
                .getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("huge.zip", e), "size");

        e.put(ModelFile.DESCRIPTION_ENTRY, description(1, okModel, "00").getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("badsum.zip", e), "checksum");

        String ok = description(1, okModel, sha);
        e.put(ModelFile.DESCRIPTION_ENTRY, ok.replace("{\"format\"", "{\"workingSize\":100000,\"format\"")
                .getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("hugeworking.zip", e), "working size 100000", "convert --working-size");
        e.put(ModelFile.DESCRIPTION_ENTRY, ok.replace("{\"format\"", "{\"tile\":-3,\"format\"")
                .getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("badtile.zip", e), "tile -3");
        e.put(ModelFile.DESCRIPTION_ENTRY, ok.replace("{\"format\"", "{\"workingSize\":384,\"format\"")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(384, ModelFile.read(zip("working384.zip", e)).description.workingSize);

        Map<String, byte[]> evil = new LinkedHashMap<>();
        evil.put(ModelFile.DESCRIPTION_ENTRY, description(1, okModel, sha).getBytes(StandardCharsets.UTF_8));
        evil.put("../escape.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("traversal.zip", evil), "unexpected entry");
        assertFalse(Files.exists(dir.getParent().resolve("escape.txt")));
        Map<String, byte[]> abs = new LinkedHashMap<>();
        abs.put("/etc/passwd", "x".getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("absolute.zip", abs), "unexpected entry");

        e.put(ModelFile.DESCRIPTION_ENTRY, "{not json".getBytes(StandardCharsets.UTF_8));
        assertRejected(zip("badjson.zip", e), "json");
    }

    @Test
    void weightCodecRejectsLiesAboutSizes() throws IOException {
        byte[] w = weights(false);
        // claim a huge dimension in the first tensor: rejected before allocating
        byte[] evil = w.clone();
        int dimsAt = 12 + 2 + "conv_weight".length() + 1 + 1; // header, UTF length, name, dtype, rank
        evil[dimsAt] = 0x7f;
        ColorizerException e = assertThrows(ColorizerException.class, () -> WeightCodec.decode(evil, "f.zip"));
        assertTrue(e.getMessage().contains("f.zip"));
        ColorizerException t = assertThrows(ColorizerException.class,
                () -> WeightCodec.decode(Arrays.copyOf(w, w.length - 3), "g.zip"));
        assertTrue(t.getMessage().contains("truncated"));
    }

    @Test
    void failedWriteLeavesPreviousFileIntact() throws IOException {
        Path f = writeValid("keep.zip");
        byte[] before = Files.readAllBytes(f);
        ModelDescription d = new ModelDescription();
        d.model = new ModelConfig();
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(ModelFile.GENERATOR_ENTRY, weights(false));
        // a target whose folder is a regular file cannot be written, even as root
        Path blocked = f.resolve("sub.zip");
        assertThrows(RuntimeException.class, () -> ModelFile.write(blocked, d, e));
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @SuppressWarnings("unused")
    private static void unused(OutputStream o) {}
}
