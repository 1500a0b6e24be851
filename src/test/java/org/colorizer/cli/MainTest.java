package org.colorizer.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's help, usage errors and exit codes. */
class MainTest {

    static final class Run {
        int status;
        String out;
        String err;
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Run r = new Run();
        r.status = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        r.out = o.toString(StandardCharsets.UTF_8);
        r.err = e.toString(StandardCharsets.UTF_8);
        return r;
    }

    @Test
    void helpListsEveryCommand() {
        Run r = run("--help");
        assertEquals(0, r.status);
        for (String c : new String[] {"colorize", "train", "evaluate", "info", "convert", "bench", "doctor"}) {
            assertTrue(r.out.contains("  " + c), c + " listed in\n" + r.out);
        }
    }

    @Test
    void doctorPrintsTheSystemReport() {
        Run r = run("doctor");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.startsWith("Colorizer system report\n"), r.out);
        assertTrue(r.out.contains("\nlibtorch: 2.7.1\n"), r.out);
        assertTrue(r.out.contains("\njava: " + System.getProperty("java.version") + " "), r.out);
        assertTrue(r.out.matches("(?s).*\nconv check: (ok|fixed) \\([^\n]*shapes[^\n]*\\)\n.*"), r.out);
        assertTrue(r.out.matches("(?s).*\nonnx runtime: 1\\.22\\.0 \\(providers \\[[^\n]*CPU[^\n]*\\]\\)\n.*"), r.out);
        assertEquals(2, run("doctor", "extra").status);
    }

    @Test
    void unknownCommandAndOptionsExitWithTwoAndOneLineHint() {
        Run r = run("paint");
        assertEquals(2, r.status);
        assertEquals(1, r.err.trim().split("\n").length, r.err);
        assertTrue(r.err.contains("unknown command 'paint'") && r.err.contains("--help"));

        Run o = run("train", "--frobnicate", "3");
        assertEquals(2, o.status);
        assertTrue(o.err.contains("unknown option --frobnicate"), o.err);
        assertEquals(1, o.err.trim().split("\n").length, o.err);

        Run m = run("train", "--data");
        assertEquals(2, m.status);
        assertTrue(m.err.contains("--data needs a value"), m.err);

        Run n = run("train", "--data", "x", "--out", "y.zip", "--epochs", "many");
        assertEquals(2, n.status);
        assertTrue(n.err.contains("--epochs must be a whole number"), n.err);

        assertEquals(2, run().status);
    }

    @Test
    void badValuesAreClearErrorsNotCrashes() {
        Run z = run("train", "--data", "x", "--out", "y.zip", "--batch", "0");
        assertEquals(2, z.status);
        assertTrue(z.err.contains("--batch must be at least 1"), z.err);

        Run d = run("train", "--data", "/nonexistent-folder", "--out", "y.zip", "--device", "tpu");
        assertEquals(1, d.status);
        assertTrue(d.err.contains("unknown device 'tpu'"), d.err);

        Run s = run("train", "--data", "/nonexistent-folder", "--out", "y.zip", "--size", "100", "--levels", "6");
        assertEquals(1, s.status);
        assertTrue(s.err.contains("size: 100 must be a multiple of 2^levels"), s.err);

        Run f = run("train", "--data", "/nonexistent-folder", "--out", "y.zip");
        assertEquals(1, f.status);
        assertTrue(f.err.contains("/nonexistent-folder is not a folder"), f.err);
        assertFalse(f.err.contains("Exception"), "no stack trace: " + f.err);
    }

    @Test
    void commandHelpShowsOptions() {
        Run r = run("train", "--help");
        assertEquals(0, r.status);
        assertTrue(r.out.contains("--pretrain-epochs") && r.out.contains("--resume"));
        Run c = run("colorize", "--help");
        assertTrue(c.out.contains("--overwrite") && c.out.contains("--tile"));
    }

    @Test
    @Tag("training")
    void resumeGoesOnAtAnotherSizeWithALongerL1Phase(@TempDir Path dir) throws Exception {
        Path data = org.colorizer.testutil.Synthetic.folder(dir.resolve("data"), 5, 80, 72);
        Path out = dir.resolve("small.zip");
        Run first = run("train", "--data", data.toString(), "--out", out.toString(), "--size", "32", "--levels", "3",
                "--filters", "4", "--batch", "2", "--epochs", "2", "--pretrain-epochs", "1", "--steps-per-epoch", "2",
                "--seed", "3", "--quiet");
        assertEquals(0, first.status, first.err);
        Path kept = dir.resolve("small.pretrain.checkpoint.zip");
        Path big = dir.resolve("big.zip");
        Run second = run("train", "--data", data.toString(), "--out", big.toString(), "--resume", kept.toString(),
                "--size", "64", "--pretrain-epochs", "2", "--epochs", "3", "--crop", "fraction:0.8:1", "--quiet");
        assertEquals(0, second.status, second.err);
        ModelFile.Contents c = ModelFile.read(big);
        assertEquals(64, c.description.model.getSize(), "trained on at the new size");
        assertEquals(2, c.description.training.getPretrainEpochs());
        assertEquals(0.8f, c.description.training.getCropMin());
        assertEquals(3, c.description.epochs);
        assertEquals(32, ModelFile.read(kept).description.model.getSize(), "the checkpoint resumed from is unchanged");
        Map<String, float[]> before = weights(kept);
        Map<String, float[]> after = weights(big);
        assertEquals(before.keySet(), after.keySet(), "the same network goes on");
        assertFalse(java.util.Arrays.equals(before.values().iterator().next(), after.values().iterator().next()),
                "and has been trained further");

        Run bad = run("train", "--data", data.toString(), "--out", dir.resolve("bad.zip").toString(), "--resume",
                kept.toString(), "--size", "36");
        assertEquals(1, bad.status);
        assertTrue(bad.err.contains("size: 36 must be a multiple of 2^levels = 8"), bad.err);
        // what the checkpoint fixes is not silently ignored
        Run deeper = run("train", "--data", data.toString(), "--out", dir.resolve("deep.zip").toString(), "--resume",
                kept.toString(), "--levels", "4");
        assertEquals(1, deeper.status);
        assertTrue(deeper.err.contains("--levels 4 cannot change when resuming: the checkpoint was trained with 3"),
                deeper.err);
        Run batch = run("train", "--data", data.toString(), "--out", dir.resolve("b.zip").toString(), "--resume",
                kept.toString(), "--batch", "4", "--seed", "3");
        assertEquals(1, batch.status);
        assertTrue(batch.err.contains("--batch 4 cannot change") && !batch.err.contains("--seed"), batch.err);
        assertFalse(java.nio.file.Files.exists(dir.resolve("deep.zip")) || java.nio.file.Files.exists(dir.resolve("b.zip")));
    }

    @Test
    void convertAveragesTheWeightsOfModelsOfOneArchitecture(@TempDir Path dir) throws Exception {
        Path a = TestModels.untrained(dir.resolve("a.zip"), TestModels.tinyConfig(), 1);
        Path b = TestModels.untrained(dir.resolve("b.zip"), TestModels.tinyConfig(), 2);
        Path mean = dir.resolve("mean.zip");
        Run r = run("convert", a.toString(), b.toString(), "--out", mean.toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("mean of 2 models"), r.out);
        Map<String, float[]> wa = weights(a);
        Map<String, float[]> wb = weights(b);
        Map<String, float[]> wm = weights(mean);
        assertEquals(wa.keySet(), wm.keySet());
        int differing = 0;
        for (String k : wa.keySet()) {
            float[] x = wa.get(k);
            float[] y = wb.get(k);
            float[] m = wm.get(k);
            for (int i = 0; i < x.length; i++) {
                assertEquals((x[i] + y[i]) / 2, m[i], 1e-6f, k + "[" + i + "]");
                differing += x[i] != y[i] ? 1 : 0;
            }
        }
        assertTrue(differing > 100, "the two seeds give different weights");

        Path other = TestModels.untrained(dir.resolve("other.zip"), TestModels.tinyConfig().optFilters(8), 1);
        Run bad = run("convert", a.toString(), other.toString(), "--out", dir.resolve("x.zip").toString());
        assertEquals(1, bad.status);
        assertTrue(bad.err.contains("other.zip") && bad.err.contains("same architecture"), bad.err);
        assertFalse(java.nio.file.Files.exists(dir.resolve("x.zip")), "nothing written");
        Run self = run("convert", a.toString(), b.toString(), "--out", b.toString());
        assertEquals(1, self.status, "never over an input");
    }

    @Test
    void convertSetsTheWorkingSizeAndKeepsTheWeights(@TempDir Path dir) throws Exception {
        Path a = TestModels.untrained(dir.resolve("a.zip"), TestModels.tinyConfig(), 1);
        int before = ModelFile.read(a).description.workingSize;
        Path seen = dir.resolve("seen.zip");
        Run r = run("convert", a.toString(), "--out", seen.toString(), "--working-size", "96");
        assertEquals(0, r.status, r.err);
        assertEquals(96, ModelFile.read(seen).description.workingSize);
        assertEquals(before, ModelFile.read(a).description.workingSize, "the input is untouched");
        Map<String, float[]> wa = weights(a);
        Map<String, float[]> ws = weights(seen);
        assertEquals(wa.keySet(), ws.keySet());
        for (String k : wa.keySet()) {
            assertArrayEquals(wa.get(k), ws.get(k), k);
        }
        Path kept = dir.resolve("kept.zip");
        assertEquals(0, run("convert", seen.toString(), "--out", kept.toString()).status);
        assertEquals(96, ModelFile.read(kept).description.workingSize, "kept unless given");
        for (String wrong : new String[] {"-5", "5000"}) {
            Run bad = run("convert", a.toString(), "--out", dir.resolve("x.zip").toString(), "--working-size", wrong);
            assertEquals(2, bad.status, bad.err);
            assertTrue(bad.err.contains("--working-size") && bad.err.contains(wrong), bad.err);
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve("x.zip")));
    }

    /** The model file's description as JSON, read apart from the plugin's own classes. */
    private static com.google.gson.JsonObject json(ModelFile.Contents c) {
        return com.google.gson.JsonParser.parseString(new String(c.entries.get(ModelFile.DESCRIPTION_ENTRY),
                StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void convertAddsHintInputsAndRecordsTheReach(@TempDir Path dir) throws Exception {
        Path a = TestModels.untrained(dir.resolve("a.zip"), TestModels.tinyConfig(), 1);
        Path h = dir.resolve("h.zip");
        Run r = run("convert", a.toString(), "--out", h.toString(), "--add-hints", "--reach",
                "space=0.2,range=16,fade=1,shrink=2", "--reach-wide", "0.1,64,16,0.03,2,10");
        assertEquals(0, r.status, r.err);
        ModelFile.Contents c = ModelFile.read(h);
        assertTrue(c.description.model.takesHints());
        assertFalse(ModelFile.read(a).description.model.takesHints(), "the input is untouched");
        assertEquals("space=0.2,range=16,fade=1,shrink=2", c.description.hintSpread.toString());
        assertEquals("space=0.1,range=64,fade=16,shrink=0.03,chroma=2,likeness=10",
                c.description.hintSpreadWide.toString());
        // new files name the setting by the user's word and its settings by their keys
        com.google.gson.JsonObject j = json(c);
        assertFalse(j.has("hintSpread") || j.has("hintSpreadWide"), j.toString());
        assertEquals(0.2, j.getAsJsonObject("reach").get("space").getAsDouble());
        assertEquals(16, j.getAsJsonObject("reach").get("range").getAsDouble());
        assertEquals(10, j.getAsJsonObject("reachWide").get("likeness").getAsDouble());
        try (org.colorizer.colorize.Colorizer col = org.colorizer.colorize.Colorizer.load(h, ai.djl.Device.cpu())) {
            assertEquals("space=0.1,range=64,fade=16,shrink=0.03,chroma=2,likeness=10",
                    col.withReach("wide", "x").reach().toString());
            assertEquals("space=0.2,range=16,fade=1,shrink=2", col.withReach("default", "x").reach().toString());
            assertEquals("space=0.2,range=16,fade=1,shrink=2", col.withReach("model", "x").reach().toString());
        }
        // the old weights are kept; the hint inputs are new (and zero)
        Map<String, float[]> wa = weights(a);
        Map<String, float[]> wh = weights(h);
        assertEquals(wa.keySet(), wh.keySet());
        int same = 0;
        for (String k : wa.keySet()) {
            same += java.util.Arrays.equals(wa.get(k), wh.get(k)) ? 1 : 0;
        }
        assertEquals(wa.size() - 1, same, "all but the first convolution's weights are unchanged");
        Run again = run("convert", h.toString(), "--out", dir.resolve("x.zip").toString(), "--add-hints");
        assertEquals(1, again.status);
        assertTrue(again.err.contains("takes color hints already"), again.err);
        Run bad = run("convert", a.toString(), "--out", dir.resolve("y.zip").toString(), "--reach", "space=0.2,size=16");
        assertEquals(1, bad.status);
        assertTrue(bad.err.contains("--reach: unknown setting 'size'") && bad.err.contains("space, range, fade"), bad.err);
        Run both = run("convert", a.toString(), "--out", dir.resolve("y.zip").toString(), "--reach", "off",
                "--hint-spread", "off");
        assertEquals(2, both.status, both.err);
        assertTrue(both.err.contains("--reach") && both.err.contains("--hint-spread"), both.err);
        Run eval = run("evaluate", "--data", dir.toString(), "--reach", "broad");
        assertTrue(eval.status != 0 && eval.err.contains("--reach: 'broad'"), eval.err);
        assertFalse(java.nio.file.Files.exists(dir.resolve("x.zip")) || java.nio.file.Files.exists(dir.resolve("y.zip")));
    }

    @Test
    void theReachHelpShowsTheSettingsGrammarOnceAndPointsToTheDocs() {
        for (String command : new String[] {"colorize", "evaluate", "convert"}) {
            Run help = run(command, "--help");
            String text = help.out + help.err;
            assertEquals(1, text.split(java.util.regex.Pattern.quote(org.colorizer.hints.Reach.GRAMMAR), -1).length - 1,
                    command + ": " + text);
            assertTrue(text.contains("--reach") && text.contains("docs/reach.md"), command + ": " + text);
            assertFalse(text.contains("hint-spread") || text.contains("rule"), command + ": " + text);
        }
    }

    @Test
    void theOlderOptionsAndModelFileFieldsStillWork(@TempDir Path dir) throws Exception {
        Path a = TestModels.untrained(dir.resolve("a.zip"), TestModels.tinyConfig(), 1);
        Path h = dir.resolve("h.zip");
        Run r = run("convert", a.toString(), "--out", h.toString(), "--add-hints", "--hint-spread", "0.2,16,1,2",
                "--hint-spread-wide", "space=0.1,range=64,fade=16,shrink=0.03,chroma=2,likeness=10");
        assertEquals(0, r.status, r.err);
        ModelFile.Contents c = ModelFile.read(h);
        assertEquals("space=0.2,range=16,fade=1,shrink=2", c.description.hintSpread.toString());
        assertEquals("space=0.1,range=64,fade=16,shrink=0.03,chroma=2,likeness=10",
                c.description.hintSpreadWide.toString());
        Run bad = run("convert", a.toString(), "--out", dir.resolve("y.zip").toString(), "--hint-spread", "0.2,16");
        assertEquals(1, bad.status);
        assertTrue(bad.err.contains("--hint-spread: '0.2,16'"), bad.err);
        Run eval = run("evaluate", "--data", dir.toString(), "--hint-spread", "broad");
        assertTrue(eval.status != 0 && eval.err.contains("--hint-spread: 'broad'"), eval.err);
        // the built-in general was written with the older field names: they still read, with the same numbers
        ModelFile.Contents general = org.colorizer.modelfile.BuiltinModels.readNamedOrFile("general");
        com.google.gson.JsonObject old = json(general).getAsJsonObject("hintSpread");
        assertNotNull(old, "the built-in file has the older field");
        assertEquals(old.get("sigmaSpace").getAsDouble(), general.description.hintSpread.sigmaSpace);
        assertEquals(old.get("sigmaRange").getAsDouble(), general.description.hintSpread.sigmaRange);
        assertEquals(old.get("fade").getAsDouble(), general.description.hintSpread.fade);
        assertEquals(old.get("shrink").getAsDouble(), general.description.hintSpread.shrink);
        com.google.gson.JsonObject oldWide = json(general).getAsJsonObject("hintSpreadWide");
        assertEquals(oldWide.get("likeness").getAsDouble(), general.description.hintSpreadWide.likeness);
        assertEquals(oldWide.get("sigmaRange").getAsDouble(), general.description.hintSpreadWide.sigmaRange);
    }

    @Test
    void evaluateReadsOnlyTheImagesOfASplitFile(@TempDir Path dir) throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 3);
        Path pool = dir.resolve("pool");
        Path alone = dir.resolve("alone");
        String[] names = {"a/p0.png", "a/p1.png", "b/p2.png", "b/p3.png", "b/p4.png"};
        for (int i = 0; i < names.length; i++) {
            int[] px = org.colorizer.testutil.Synthetic.photo(40, 32, 50 + i);
            org.colorizer.testutil.Synthetic.writePng(pool.resolve(names[i]), px, 40, 32);
            if (i == 1 || i == 3) { // the split's images, also copied into a folder of their own
                org.colorizer.testutil.Synthetic.writePng(alone.resolve(names[i]), px, 40, 32);
            }
        }
        Path split = java.nio.file.Files.write(dir.resolve("split.txt"),
                java.util.Arrays.asList("# two of five", "b/p3.png", "a/p1.png"));
        Run r = run("evaluate", "--model", model.toString(), "--data", pool.toString(), "--split", split.toString(),
                "--out", dir.resolve("o1").toString());
        assertEquals(0, r.status, r.err);
        Run ref = run("evaluate", "--model", model.toString(), "--data", alone.toString(),
                "--out", dir.resolve("o2").toString());
        assertEquals(0, ref.status, ref.err);
        java.util.List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("o1/evaluation.csv"));
        assertEquals(3, csv.size(), "header and two rows: " + csv);
        assertTrue(csv.get(1).startsWith("p1.png,") && csv.get(2).startsWith("p3.png,"), csv.toString());
        assertEquals(java.nio.file.Files.readAllLines(dir.resolve("o2/evaluation.csv")), csv,
                "the same figures as the two images alone");
        assertEquals(ref.out.substring(ref.out.indexOf("model: "), ref.out.indexOf("wrote ")),
                r.out.substring(r.out.indexOf("model: "), r.out.indexOf("wrote ")), "the same table");

        Path wider = java.nio.file.Files.write(dir.resolve("wider.txt"), java.util.Arrays.asList("a/p1.png", "a/p0.png"));
        Run missing = run("evaluate", "--model", model.toString(), "--data", alone.toString(), "--split",
                wider.toString(), "--out", dir.resolve("o3").toString());
        assertEquals(1, missing.status);
        assertTrue(missing.err.contains("--split") && missing.err.contains("line 2 'a/p0.png'"), missing.err);
        assertFalse(java.nio.file.Files.exists(dir.resolve("o3/evaluation.csv")), "nothing evaluated");
        assertTrue(run("evaluate", "--help").out.contains("--split FILE"));
    }

    @Test
    void colorizeTakesAReferenceImageAndNamesABadOne(@TempDir Path dir) throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 2);
        int w = 48;
        int h = 40;
        int[] gray = new int[w * h];
        for (int i = 0; i < gray.length; i++) {
            int v = 70 + (i % w) * 2;
            gray[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        Path in = dir.resolve("in.png");
        org.colorizer.io.ImageFiles.writePng(in, gray, w, h);
        int color = 0x8A7060; // a muted brown
        int[] ref = new int[30 * 20];
        java.util.Arrays.fill(ref, 0xFF000000 | color);
        Path refFile = dir.resolve("ref.png");
        org.colorizer.io.ImageFiles.writePng(refFile, ref, 30, 20);
        Path out = dir.resolve("out");
        Run r = run("colorize", "--quiet", "--model", model.toString(), "--out", out.toString(), "--reference",
                refFile.toString(), in.toString());
        assertEquals(0, r.status, r.err);
        int[] px = org.colorizer.io.ImageFiles.readRgb(out.resolve("in.png")).argb();
        org.colorizer.testutil.Synthetic.assertMeanChroma(color, px, 1.5); // the reference's
        Run bad = run("colorize", "--quiet", "--model", model.toString(), "--out", dir.resolve("o2").toString(),
                "--reference", dir.resolve("nothere.png").toString(), in.toString());
        assertEquals(1, bad.status);
        assertTrue(bad.err.contains("--reference") && bad.err.contains("nothere.png"), bad.err);
    }

    @Test
    void infoAndConvertTakeBuiltInModelsByName(@TempDir Path dir) throws Exception {
        Run info = run("info", "he");
        assertEquals(0, info.status, info.err);
        assertTrue(info.out.contains("\"name\": \"he\""), info.out);
        Path g = dir.resolve("g.zip");
        Run r = run("convert", "general", "--out", g.toString(), "--half", "--working-size", "200");
        assertEquals(0, r.status, r.err);
        ModelFile.Contents c = ModelFile.read(g);
        ModelFile.Contents builtin = org.colorizer.modelfile.BuiltinModels.read("general");
        assertEquals(200, c.description.workingSize);
        assertNotEquals(200, builtin.description.workingSize);
        assertEquals(builtin.description.weights.sha256, c.description.weights.sha256, "float16 in, float16 out");
        Run missing = run("info", dir.resolve("nothere.zip").toString());
        assertEquals(1, missing.status);
        assertTrue(missing.err.contains("nothere.zip") && missing.err.contains("does not exist"), missing.err);
    }

    private static Map<String, float[]> weights(Path model) {
        ModelFile.Contents c = ModelFile.read(model);
        Map<String, WeightCodec.Tensor> t = WeightCodec.decode(c.entry(ModelFile.GENERATOR_ENTRY, "t"), "t");
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (ai.djl.ndarray.NDManager m = org.colorizer.engine.Engines.pytorch().newBaseManager()) {
            for (WeightCodec.Tensor x : t.values()) {
                out.put(x.name, x.toArray(m).toFloatArray());
            }
        }
        return out;
    }
}
