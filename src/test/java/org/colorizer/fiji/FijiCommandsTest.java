package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.Macro;
import ij.process.ByteProcessor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import org.colorizer.hints.Reach;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.testutil.Synthetic;
import org.colorizer.testutil.TestModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/** The three commands run through a real SciJava Context and CommandService, as Fiji runs them. */
class FijiCommandsTest extends SciJavaTest {
    @Test
    void colorizeTheActiveImageWithAModelFile() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 3);
        byte[] px = new byte[60 * 40];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 251);
        }
        ImagePlus imp = new ImagePlus("blobs", new ByteProcessor(60, 40, px));
        CommandModule m = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                model.toFile(), "device", "cpu", "tile", 0, "strength", 1f).get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        ImagePlus out = (ImagePlus) m.getOutput("output");
        assertEquals(ImagePlus.COLOR_RGB, out.getType());
        assertEquals(60, out.getWidth());
        assertEquals(40, out.getHeight());
        assertEquals("blobs (colorized)", out.getTitle());
        // the model is loaded once and reused
        ColorizerService service = context.service(ColorizerService.class);
        assertEquals(1, service.cached());
        commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile", model.toFile()).get();
        assertEquals(1, service.cached());
        context.dispose(); // releases the loaded models
        assertEquals(0, service.cached());
        context = new Context();
    }

    @Test
    void systemReportRunsThroughSciJava() throws Exception {
        CommandModule m = commands.run(SystemReportCommand.class, true).get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        String report = (String) m.getOutput("report");
        assertTrue(report.startsWith("Colorizer system report\n"), report);
        assertTrue(report.contains("\nlibtorch: 2.7.1\n"), report);
        assertTrue(report.contains("\njava: " + System.getProperty("java.version") + " "), report);
        assertTrue(report.contains("\nbuilt-in models: general, he\n"), report);
    }

    @Test
    void colorizeReportsABadModelFileInsteadOfThrowing() throws Exception {
        Path bad = Files.write(dir.resolve("bad.zip"), new byte[] {1, 2, 3});
        ImagePlus imp = new ImagePlus("x", new ByteProcessor(8, 8));
        CommandModule m = commands.run(ColorizeImage.class, true, "image", imp, "model", "file", "modelfile",
                bad.toFile()).get();
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("bad.zip"), m.getCancelReason());
    }

    @Test
    void colorizeFolderTakesAHintsFolderAsTheCommandLineDoes() throws Exception {
        Path model = TestModels.hintAware(dir.resolve("h.zip"), TestModels.tinyConfig(), 4, 2f);
        Path in = Synthetic.folder(dir.resolve("in"), 2, 40, 30);
        Path hints = Files.createDirectories(dir.resolve("hints"));
        Files.write(hints.resolve("img00.csv"), "x,y,radius,color\n8,8,3,#D02020\n30,20,2,#2040E0\n".getBytes());
        Path cli = dir.resolve("cli");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        assertEquals(0, org.colorizer.cli.Main.run(new String[] {"colorize", "--quiet", "--model", model.toString(),
            "--hints", hints.toString(), "--reach", "local", "--out", cli.toString(), in.toString()},
                new java.io.PrintStream(log), new java.io.PrintStream(log)), log.toString());
        Path out = dir.resolve("fiji");
        CommandModule m = commands.run(ColorizeFolder.class, true, "input", in.toFile(), "output", out.toFile(),
                "model", "file", "modelfile", model.toFile(), "overwrite", false, "strength", 1f, "hints",
                hints.toString(), "reach", "local").get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        assertTrue(((String) m.getOutput("summary")).contains("(1 with hints)"), (String) m.getOutput("summary"));
        for (String f : new String[] {"img00.png", "img01.png"}) {
            assertArrayEquals(org.colorizer.io.ImageFiles.readRgb(cli.resolve(f)).argb(),
                    org.colorizer.io.ImageFiles.readRgb(out.resolve(f)).argb(), f);
        }
        // a plain model refuses a hints folder with the message that says what to do
        Path plain = TestModels.untrained(dir.resolve("p.zip"), TestModels.tinyConfig(), 4);
        CommandModule refused = commands.run(ColorizeFolder.class, true, "input", in.toFile(), "output",
                dir.resolve("x").toFile(), "model", "file", "modelfile", plain.toFile(), "hints", hints.toString()).get();
        assertTrue(refused.isCanceled());
        assertTrue(refused.getCancelReason().contains("takes no color hints"), refused.getCancelReason());
    }

    /**
     * The inputs ImageJ's macro layer gives a command for a macro's options, as it does: each input whose name is a
     * key of the options gets the key's value, converted to the input's type.
     */
    private java.util.Map<String, Object> macroInputs(Class<? extends Command> command, String options) {
        ConvertService convert = context.service(ConvertService.class);
        java.util.Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        for (ModuleItem<?> item : commands.getCommand(command).inputs()) {
            String value = Macro.getValue(options, item.getName(), null);
            if (value != null) {
                inputs.put(item.getName(), convert.convert(value, item.getType()));
            }
        }
        return inputs;
    }

    @Test
    void anOldMacroWithTheKeyHintspreadStillSetsTheReach() throws Exception {
        Path model = TestModels.hintAware(dir.resolve("h.zip"), TestModels.tinyConfig(), 4, 2f);
        Path in = Synthetic.folder(dir.resolve("in"), 1, 40, 30);
        Path hints = Files.createDirectories(dir.resolve("hints"));
        Files.write(hints.resolve("img00.csv"), "x,y,radius,color\n8,8,3,#D02020\n30,20,2,#2040E0\n".getBytes());
        String[][] runs = { // name, the macro's reach options, the reach the command gets
            {"new", "reach=local", "local"},
            {"old", "hintspread=local", "local"},
            {"default", "reach=default", "default"},
            {"oldDefault", "hintspread=model", "model"},
            {"both", "reach=local hintspread=off", "local"},
        };
        java.util.Map<String, int[]> out = new java.util.HashMap<>();
        for (String[] run : runs) {
            Path o = dir.resolve(run[0]);
            String options = "input=[" + in + "] output=[" + o + "] model=file modelfile=[" + model + "] device=cpu "
                    + "overwrite=false strength=1 hints=[" + hints + "] " + run[1];
            CommandModule m = commands.run(ColorizeFolder.class, true, macroInputs(ColorizeFolder.class, options)).get();
            assertFalse(m.isCanceled(), run[0] + ": " + m.getCancelReason());
            assertEquals(run[2], m.getInput("reach"), run[0]);
            assertTrue(m.isInputResolved("reach"), run[0] + ": given, so no dialog asks for it");
            out.put(run[0], org.colorizer.io.ImageFiles.readRgb(o.resolve("img00.png")).argb());
        }
        assertArrayEquals(out.get("new"), out.get("old"), "hintspread=local is reach=local");
        assertArrayEquals(out.get("default"), out.get("oldDefault"), "hintspread=model is reach=default");
        assertArrayEquals(out.get("new"), out.get("both"), "the new key counts when both are given");
        assertFalse(java.util.Arrays.equals(out.get("new"), out.get("default")), "local is not the default reach");
    }

    @Test
    void everyCommandDeclaresReachAndRecordsItUnderThatKey() {
        for (Class<? extends Command> c : java.util.List.of(ColorizeImage.class, ColorizeFolder.class,
                HintToolCommand.class)) {
            CommandInfo info = commands.getCommand(c);
            ModuleItem<?> reach = info.getInput("reach");
            assertTrue(reach.getLabel().startsWith("Reach"), reach.getLabel());
            assertEquals(java.util.List.of(Reach.WORDS), reach.getChoices());
            assertEquals(ItemVisibility.NORMAL, reach.getVisibility());
            ModuleItem<?> old = info.getInput("hintspread");
            assertEquals(ItemVisibility.INVISIBLE, old.getVisibility(), "never shown");
            assertFalse(old.isPersisted(), "an old macro's value is not remembered for the next run");
            assertEquals("reach", old.get(RenamedInputs.RENAMED_TO));
            // ImageJ's macro recorder writes every input except invisible and message ones
            java.util.List<String> recorded = new java.util.ArrayList<>();
            for (ModuleItem<?> item : info.inputs()) {
                if (item.getVisibility() != ItemVisibility.INVISIBLE && item.getVisibility() != ItemVisibility.MESSAGE) {
                    recorded.add(item.getName());
                }
            }
            assertTrue(recorded.contains("reach") && !recorded.contains("hintspread"), c + ": " + recorded);
        }
    }

    @Test
    void colorizeFolderWritesEveryImage() throws Exception {
        Path model = TestModels.untrained(dir.resolve("m.zip"), TestModels.tinyConfig(), 4);
        Path in = Synthetic.folder(dir.resolve("in"), 3, 30, 20);
        Path out = dir.resolve("out");
        CommandModule m = commands.run(ColorizeFolder.class, true, "input", in.toFile(), "output", out.toFile(),
                "model", "file", "modelfile", model.toFile(), "overwrite", false).get();
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        for (int i = 0; i < 3; i++) {
            assertTrue(Files.isRegularFile(out.resolve(String.format("img%02d.png", i))));
        }
        assertTrue(((String) m.getOutput("summary")).startsWith("3 colorized"));
        CommandModule again = commands.run(ColorizeFolder.class, true, "input", in.toFile(), "output", out.toFile(),
                "model", "file", "modelfile", model.toFile()).get();
        assertTrue(((String) again.getOutput("summary")).contains("3 skipped"));
    }

    /**
     * Runs Train Colorizer as a macro would, with every dialog field given: a tiny network for one epoch, seed 5;
     * {@code changes} (name, value pairs) replace or add fields.
     */
    private CommandModule train(Path data, File out, Object... changes) throws Exception {
        java.util.Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        Object[] fields = {"data", data.toFile(), "output", out, "size", 32, "levels", 3, "filters", 4, "epochs", 1,
            "batch", 2, "pretrain", 0, "gan", "vanilla", "ganweight", 0.15f, "ema", 0.9f, "device", "cpu", "seed", 5L};
        for (Object[] pairs : new Object[][] {fields, changes}) {
            for (int i = 0; i < pairs.length; i += 2) {
                inputs.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return commands.run(TrainColorizer.class, true, inputs).get();
    }

    @Test
    @Tag("training")
    void trainColorizerWritesALoadableModel() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 4, 40, 40);
        File out = dir.resolve("trained.zip").toFile();
        CommandModule m = train(data, out, "gan", "lsgan", "ganweight", 0.5f);
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        assertEquals(out, m.getOutput("model"));
        ModelFile.Contents c = ModelFile.read(out.toPath());
        assertEquals("LSGAN", c.description.training.getGan().name());
        assertEquals(0.5f, c.description.training.getGanWeight());
        assertEquals(0.9f, c.description.training.getEmaDecay());
    }

    @Test
    @Tag("training")
    void trainColorizerFineTunesAModelFileIntoAHintAwareOne() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data-hints"), 4, 40, 40);
        Path start = org.colorizer.testutil.TestModels.untrained(dir.resolve("start.zip"),
                org.colorizer.testutil.TestModels.tinyConfig(), 8);
        File out = dir.resolve("hints.zip").toFile();
        CommandModule m = train(data, out, "hints", true, "init", "file", "initfile", start.toFile(), "levels", 5,
                "filters", 16, "keepautomatic", true);
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        ModelFile.Contents c = ModelFile.read(out.toPath());
        assertTrue(c.description.model.takesHints(), "a hint-aware model");
        // the starting model's network, not the dialog's levels and filters
        assertEquals(org.colorizer.testutil.TestModels.tinyConfig().getLevels(), c.description.model.getLevels());
        assertEquals(org.colorizer.testutil.TestModels.tinyConfig().getFilters(), c.description.model.getFilters());
        assertTrue(c.description.training.getModel().takesHints());
        assertTrue(c.description.training.isKeepAutomatic(), "keep its automatic colors, as the dialog said");
        // it takes hints: colorizing with them works
        try (org.colorizer.colorize.Colorizer col = org.colorizer.colorize.Colorizer.load(out.toPath(),
                ai.djl.Device.cpu())) {
            float[] red = org.colorizer.hints.Hint.chroma(0xC02020);
            col.colorize(org.colorizer.colorize.Lightness.of(new float[40 * 30], 40, 30),
                    new org.colorizer.hints.HintSet(40, 30, java.util.List.of(
                            org.colorizer.hints.Hint.disk(5, 5, 2, red[0], red[1]))));
        }
        // 'Start from' is not remembered: a later run that does not give it starts from random weights
        File fresh = dir.resolve("fresh.zip").toFile();
        CommandModule next = train(data, fresh, "levels", 4, "filters", 4);
        assertFalse(next.isCanceled(), String.valueOf(next.getCancelReason()));
        assertEquals(4, ModelFile.read(fresh.toPath()).description.model.getLevels());
    }

    @Test
    @Tag("training")
    void resumeSaysWhichDialogSettingsTheCheckpointOverrides() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 4, 40, 40);
        File out = dir.resolve("first.zip").toFile();
        CommandModule m = train(data, out);
        assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.scijava.log.LogService log = context.service(org.scijava.log.LogService.class);
        log.addLogListener(msg -> {
            if (msg.level() == org.scijava.log.LogLevel.WARN && msg.text().startsWith("Train Colorizer")) {
                warnings.add(msg.text());
            }
        });
        File again = dir.resolve("second.zip").toFile();
        // the dialog passes every field: here two differ from the checkpoint (levels and seed), the rest agree.
        // (validation is given too: SciJava's FilePreprocessor asks for a lone unresolved File input, and cancels
        // without a reason when there is no UI to ask with, as macros avoid by passing validation=[])
        CommandModule r = train(data, again, "validation", null, "levels", 4, "epochs", 2, "seed", 6L, "resume",
                org.colorizer.training.TrainingRun.checkpointPath(out.toPath()).toFile());
        assertFalse(r.isCanceled(), String.valueOf(r.getCancelReason()));
        ModelFile.Contents c = ModelFile.read(again.toPath());
        assertEquals(3, c.description.model.getLevels(), "the checkpoint's network goes on");
        assertEquals(1, warnings.size(), warnings.toString());
        String w = warnings.get(0);
        assertTrue(w.contains("U-Net levels: 4 (checkpoint: 3)"), w);
        assertTrue(w.contains("Seed: 6 (checkpoint: 5)"), w);
        assertFalse(w.contains("Filters"), w);

        // the resume path is not remembered: the next run without one starts afresh
        File fresh = dir.resolve("third.zip").toFile();
        CommandModule n = train(data, fresh, "seed", 7L);
        assertFalse(n.isCanceled(), String.valueOf(n.getCancelReason()));
        assertEquals(7L, ModelFile.read(fresh.toPath()).description.training.getSeed(), "a new run, not a resume");
    }

    @Test
    @Tag("training")
    void cancelStopsTrainingAndStillSavesAUsableModel() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 4, 40, 40);
        File out = dir.resolve("cancel.zip").toFile();
        ModuleService modules = context.service(ModuleService.class);
        CommandModule module = (CommandModule) modules.createModule(commands.getCommand(TrainColorizer.class));
        module.setInput("data", data.toFile());
        module.setInput("output", out);
        module.setInput("size", 32);
        module.setInput("levels", 3);
        module.setInput("filters", 4);
        module.setInput("epochs", 100000);
        module.setInput("batch", 2);
        for (String name : new String[] {"data", "output", "size", "levels", "filters", "epochs", "batch"}) {
            module.resolveInput(name); // else SciJava restores values persisted by earlier runs
        }
        Future<?> f = modules.run(module, true);
        Path checkpoint = org.colorizer.training.TrainingRun.checkpointPath(out.toPath());
        // wait until training is under way (the first epoch has 2 steps; the first checkpoint comes at epoch end)
        for (int i = 0; i < 600 && !Files.exists(checkpoint); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(checkpoint), "training started");
        ((TrainColorizer) module.getCommand()).cancel("test");
        f.get();
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().contains("usable model"), module.getCancelReason());
        ModelFile.Contents c = ModelFile.read(out.toPath());
        assertTrue(c.description.steps < 200000, "stopped early");
    }
}
