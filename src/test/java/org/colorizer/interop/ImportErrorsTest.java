package org.colorizer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Networks that do not fit are refused at import, with the file and the convention named, and nothing written. */
class ImportErrorsTest {
    @TempDir
    Path dir;

    private String refused(Path file, String io, int size) {
        Path out = dir.resolve("out.zip");
        ColorizerException e = assertThrows(ColorizerException.class, () -> NetworkImport.run(file, io, size, null, out));
        assertFalse(Files.exists(out), "nothing is written for a refused network");
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "pt"})
    void wrongChannelCount(String ext) throws Exception {
        String m = refused(Fixtures.path("bad-channels." + ext), "l-ab", 0);
        assertTrue(m.contains("does not fit the convention 'l-ab'") && m.contains("N x 1 x S x S"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx", "pt"})
    void nonFiniteOutput(String ext) throws Exception {
        assertTrue(refused(Fixtures.path("bad-nan." + ext), "l-ab", 0).contains("not finite"));
    }

    @Test
    void wrongNumberOfInputs() throws Exception {
        String m = refused(Fixtures.path("l-ab.onnx"), "l-hints-ab", 0);
        assertTrue(m.contains("it has 1 input") && m.contains("l-hints-ab"), m);
        m = refused(Fixtures.path("l-hints-ab.pt"), "l-ab", 0);
        assertTrue(m.contains("does not fit the convention 'l-ab'"), m);
    }

    @Test
    void outputWithTheWrongChannelCount() throws Exception {
        // an RGB network read as a*b*: three output channels, not two
        String m = refused(Fixtures.path("rgb-rgb.onnx"), "grayrgb-ab", 64);
        assertTrue(m.contains("N x 2 x H x W"), m);
    }

    @Test
    void aSizeTheNetworkRefuses() throws Exception {
        String m = refused(Fixtures.path("fixed-64.onnx"), "l-ab", 0);
        assertTrue(m.contains("at 256 x 256") && m.contains("[1, 1, 64, 64]"), m);
        Path out = dir.resolve("ok.zip");
        ModelDescription d = NetworkImport.run(Fixtures.path("fixed-64.onnx"), "l-ab", 64, null, out);
        assertEquals(64, d.network.size);
        assertEquals(64, ModelFile.read(out).description.network.size);
    }

    @Test
    void neitherTorchScriptNorOnnx() throws Exception {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "these are notes, not a network; long enough to look at");
        assertTrue(refused(text, "l-ab", 0).contains("neither TorchScript"));
        Path zip = dir.resolve("fake.pt");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertTrue(refused(zip, "l-ab", 0).contains("not a TorchScript network"));
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertTrue(refused(empty, "l-ab", 0).contains("empty"));
        assertTrue(refused(dir.resolve("missing.onnx"), "l-ab", 0).contains("does not exist"));
    }

    @Test
    void unknownPresetAndSize() throws Exception {
        Path out = dir.resolve("out.zip");
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> NetworkImport.run(Fixtures.path("l-ab.onnx"), "lab", 0, null, out));
        assertTrue(e.getMessage().contains("l-ab, l-hints-ab, grayrgb-ab, rgb-rgb, colorizer"), e.getMessage());
        e = assertThrows(ColorizerException.class,
                () -> NetworkImport.run(Fixtures.path("l-ab.onnx"), "l-ab", 5000, null, out));
        assertTrue(e.getMessage().startsWith("--io-size"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aDamagedNetworkEntryIsRefusedWhenRead() throws Exception {
        Path out = dir.resolve("m.zip");
        NetworkImport.run(Fixtures.path("l-ab.onnx"), "l-ab", 64, "mine", out);
        ModelFile.Contents c = ModelFile.read(out);
        assertEquals("mine", c.description.name);
        assertEquals(ModelFile.sha256(Files.readAllBytes(Fixtures.path("l-ab.onnx"))), c.description.network.sha256);
        c.entries.get(ModelFile.NETWORK_ENTRY_ONNX)[100] ^= 1;
        Path damaged = dir.resolve("damaged.zip");
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put(ModelFile.NETWORK_ENTRY_ONNX, c.entries.get(ModelFile.NETWORK_ENTRY_ONNX));
        ModelFile.write(damaged, c.description, entries);
        ColorizerException e = assertThrows(ColorizerException.class, () -> Colorizer.load(damaged, Device.cpu()));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void importedNetworksAreNotTrainedOrAveraged() throws Exception {
        Path out = dir.resolve("m.zip");
        NetworkImport.run(Fixtures.path("l-ab.pt"), "l-ab", 64, null, out);
        ModelFile.Contents c = ModelFile.read(out);
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> c.requireBuiltinNetwork("Model file m.zip", "be trained further (--init)"));
        assertTrue(e.getMessage().contains("imported torchscript network (convention l-ab)"), e.getMessage());
    }
}
