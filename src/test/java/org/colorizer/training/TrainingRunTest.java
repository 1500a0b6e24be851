package org.colorizer.training;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.colorizer.ColorizerException;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.testutil.Synthetic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training runs end to end on tiny networks and synthetic photos. */
@Tag("training")
class TrainingRunTest {
    @TempDir
    Path dir;

    static TrainingConfig tiny() {
        return new TrainingConfig()
                .optModel(new ModelConfig().optSize(32).optLevels(3).optFilters(4).optDiscriminatorFilters(4))
                .optBatch(2).optEpochs(2).optStepsPerEpoch(3).optCheckpointEvery(2).optSeed(7).optLoaderThreads(1);
    }

    /** Records every step's losses. */
    static class Recorder implements TrainingListener {
        final List<double[]> losses = new ArrayList<>();
        final List<Double> learningRates = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<EpochReport> epochs = new ArrayList<>();

        @Override
        public void step(Progress p) {
            losses.add(new double[] {p.step, p.lossD, p.lossGan, p.lossL1});
            learningRates.add(p.learningRate);
        }

        @Override
        public void message(String text) {
            messages.add(text);
        }

        @Override
        public void epoch(EpochReport r) {
            epochs.add(r);
        }
    }

    private Path data() throws Exception {
        Path d = Synthetic.folder(dir.resolve("data"), 6, 48, 40);
        // not images / corrupt / gray: skipped with a warning each
        byte[] junk = new byte[300];
        new Random(3).nextBytes(junk);
        Files.write(d.resolve("corrupt.jpg"), junk);
        Files.write(d.resolve("zero.png"), new byte[0]);
        Synthetic.writeGrayPng(d.resolve("gray.png"), new byte[40 * 30], 40, 30);
        Files.writeString(d.resolve("notes.txt"), "not an image");
        return d;
    }

    @Test
    void trainsWritesModelCheckpointPreviewAndCountsSkippedFiles() throws Exception {
        Path data = data();
        Path out = dir.resolve("m.zip");
        Recorder rec = new Recorder();
        TrainingRun.Result r = new TrainingRun(tiny().optPretrainEpochs(1), data, out).optListener(rec)
                .optKeepEpochModels(true).call();
        assertEquals(2, r.epochsDone);
        assertEquals(6, r.steps);
        assertEquals(6, rec.losses.size());
        assertTrue(Files.isRegularFile(out));
        assertTrue(Files.isRegularFile(TrainingRun.checkpointPath(out)));
        assertTrue(Files.isRegularFile(TrainingRun.previewPath(out)));
        // each epoch's model is kept; the last one is the model itself
        assertEquals(1, ModelFile.read(TrainingRun.epochModelPath(out, 1)).description.epochs);
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(TrainingRun.epochModelPath(out, 2)));
        ModelFile.Contents c = ModelFile.read(out);
        assertEquals("model", c.description.kind);
        assertEquals(3, c.description.data.skippedFiles, rec.messages.toString());
        assertEquals(2, c.description.epochs);
        assertEquals(32, c.description.model.getSize());
        assertTrue(c.description.metrics.containsKey("val_psnr"));
        long warnings = rec.messages.stream().filter(m -> m.startsWith("skipped")).count();
        assertEquals(3, warnings, rec.messages.toString());
        // pretraining epoch has no adversarial loss, the GAN epoch has one
        assertEquals(0.0, rec.losses.get(0)[1], 0.0);
        assertTrue(rec.losses.get(5)[1] > 0);
        for (double[] l : rec.losses) {
            assertTrue(Double.isFinite(l[3]) && l[3] > 0);
        }
    }

    @Test
    void learningRatesFallLinearlyOverTheDecayEpochsAndResumeKeepsTheSchedule() throws Exception {
        TrainingConfig c = new TrainingConfig().optEpochs(10).optLrDecayEpochs(4);
        assertEquals(1.0, c.learningRateFactor(59, 100, 10));
        assertEquals(1.0, c.learningRateFactor(60, 100, 10));
        assertEquals(39 / 40.0, c.learningRateFactor(61, 100, 10), 1e-12);
        assertEquals(1 / 40.0, c.learningRateFactor(99, 100, 10), 1e-12);
        assertEquals(1.0, new TrainingConfig().learningRateFactor(99, 100, 10), "off by default");
        assertThrows(org.colorizer.ColorizerException.class, () -> new TrainingConfig().optEpochs(3).optLrDecayEpochs(4).validate());

        // in a run: 2 epochs x 3 steps, decay over the last epoch; a resumed run follows the same schedule
        Path data = Synthetic.folder(dir.resolve("data"), 5, 40, 40);
        Recorder full = new Recorder();
        new TrainingRun(tiny().optLrDecayEpochs(1), data, dir.resolve("decay.zip")).optListener(full).call();
        float lr = tiny().getLearningRate();
        double[] expected = {1, 1, 1, 1, 2 / 3.0, 1 / 3.0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(lr * expected[i], full.learningRates.get(i), 1e-9, "step " + i);
        }
        Recorder cancelled = new Recorder() {
            @Override
            public void step(Progress p) {
                super.step(p);
                if (p.step == 4) {
                    runRef[0].cancel();
                }
            }
        };
        Path part = dir.resolve("decay-part.zip");
        runRef[0] = new TrainingRun(tiny().optLrDecayEpochs(1), data, part).optListener(cancelled);
        runRef[0].call();
        Recorder rest = new Recorder();
        new TrainingRun(tiny(), data, part).optResume(TrainingRun.checkpointPath(part)).optListener(rest).call();
        List<Double> joined = new ArrayList<>(cancelled.learningRates);
        joined.addAll(rest.learningRates);
        assertEquals(full.learningRates, joined);
        assertEquals(full.losses.get(5)[3], rest.losses.get(rest.losses.size() - 1)[3], 1e-5, "same last step");
    }

    private static final TrainingRun[] runRef = new TrainingRun[1];

    @Test
    void resumeEqualsAnUninterruptedRun() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 5, 40, 40);
        Recorder full = new Recorder();
        new TrainingRun(tiny(), data, dir.resolve("full.zip")).optListener(full).call();

        Recorder first = new Recorder();
        Path part = dir.resolve("part.zip");
        new TrainingRun(tiny().optEpochs(1), data, part).optListener(first).call();
        Recorder second = new Recorder();
        new TrainingRun(tiny(), data, part).optResume(TrainingRun.checkpointPath(part)).optEpochsOnResume(2).optListener(second).call();

        List<double[]> joined = new ArrayList<>(first.losses);
        joined.addAll(second.losses);
        assertEquals(full.losses.size(), joined.size());
        for (int i = 0; i < joined.size(); i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(full.losses.get(i)[k], joined.get(i)[k], 1e-5, "step " + i + " value " + k);
            }
        }
    }

    @Test
    void cancelMidEpochSavesUsableModelAndResumeContinuesExactly() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 5, 40, 40);
        Recorder full = new Recorder();
        new TrainingRun(tiny().optEpochs(1).optStepsPerEpoch(4), data, dir.resolve("full.zip")).optListener(full).call();

        Path out = dir.resolve("c.zip");
        Recorder first = new Recorder();
        TrainingRun[] holder = new TrainingRun[1];
        holder[0] = new TrainingRun(tiny().optEpochs(1).optStepsPerEpoch(4), data, out).optListener(new TrainingListener() {
            @Override
            public void step(Progress p) {
                first.step(p);
                if (p.step == 2) {
                    holder[0].cancel();
                }
            }
        });
        TrainingRun.Result r = holder[0].call();
        assertTrue(r.cancelled);
        assertEquals(2, r.steps);
        assertTrue(Files.isRegularFile(out), "a usable model is saved on cancel");
        ModelFile.read(out);

        Recorder second = new Recorder();
        new TrainingRun(tiny().optEpochs(1).optStepsPerEpoch(4), data, out).optResume(TrainingRun.checkpointPath(out))
                .optListener(second).call();
        List<double[]> joined = new ArrayList<>(first.losses);
        joined.addAll(second.losses);
        assertEquals(4, joined.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(full.losses.get(i)[3], joined.get(i)[3], 1e-5, "L1 at step " + i);
            assertEquals(full.losses.get(i)[1], joined.get(i)[1], 1e-5, "D at step " + i);
        }
    }

    @Test
    void theDiscriminatorWarmUpLeavesTheGeneratorAsItWas() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 5, 40, 40);
        Path out = dir.resolve("w.zip");
        Recorder rec = new Recorder();
        // epoch 1: L1 only; epoch 2 (3 steps): the discriminator alone
        new TrainingRun(tiny().optPretrainEpochs(1).optDiscriminatorWarmupSteps(3), data, out).optListener(rec)
                .optKeepEpochModels(true).call();
        assertEquals(6, rec.losses.size());
        for (int i = 3; i < 6; i++) {
            assertTrue(rec.losses.get(i)[1] > 0, "the discriminator learns in step " + (i + 1));
            assertEquals(0.0, rec.losses.get(i)[2], 0.0, "no adversarial loss for the generator");
        }
        byte[] g1 = ModelFile.read(TrainingRun.epochModelPath(out, 1)).entry(ModelFile.GENERATOR_ENTRY, "g1");
        byte[] g2 = ModelFile.read(TrainingRun.epochModelPath(out, 2)).entry(ModelFile.GENERATOR_ENTRY, "g2");
        assertArrayEquals(g1, g2, "the generator's weights and running statistics after the warm-up");
        assertEquals(3, ModelFile.read(out).description.training.getDiscriminatorWarmupSteps());
    }

    @Test
    void pretrainCheckpointIsKeptAndGanSettingsCanChangeOnResume() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 5, 40, 40);
        Path out = dir.resolve("p.zip");
        new TrainingRun(tiny().optEpochs(2).optPretrainEpochs(1), data, out).call();
        Path kept = TrainingRun.pretrainCheckpointPath(out);
        ModelFile.Contents c = ModelFile.read(kept);
        assertEquals(1, c.description.epochs, "the end of the L1 phase");
        Recorder rec = new Recorder();
        Path other = dir.resolve("q.zip");
        new TrainingRun(tiny(), data, other).optResume(kept).optEpochsOnResume(2)
                .optResumeOverrides(cfg -> cfg.optGanWeight(0.25f)).optListener(rec).call();
        assertEquals(0.25f, ModelFile.read(other).description.training.getGanWeight());
        assertEquals(3, rec.losses.size(), "continued with the second epoch only");
        assertTrue(rec.messages.stream().anyMatch(m -> m.contains("changed settings")));
    }

    @Test
    void folderWithoutUsableImagesFailsBeforeTraining() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ColorizerException e = assertThrows(ColorizerException.class,
                () -> new TrainingRun(tiny(), empty, dir.resolve("x.zip")).call());
        assertTrue(e.getMessage().contains("No usable color image"), e.getMessage());
        Files.writeString(empty.resolve("a.png"), "text");
        ColorizerException e2 = assertThrows(ColorizerException.class,
                () -> new TrainingRun(tiny(), empty, dir.resolve("x.zip")).call());
        assertTrue(e2.getMessage().contains("1 skipped"), e2.getMessage());
        assertFalse(Files.exists(dir.resolve("x.zip")));
    }

    @Test
    void divergingRunStopsAndKeepsLastGoodCheckpoint() throws Exception {
        Path data = Synthetic.folder(dir.resolve("data"), 4, 40, 40);
        Path out = dir.resolve("nan.zip");
        TrainingConfig cfg = tiny().optEpochs(1).optStepsPerEpoch(50).optCheckpointEvery(1).optLearningRate(1e38f)
                .optDiscriminatorLearningRate(2e-4f);
        ColorizerException e = assertThrows(ColorizerException.class, () -> new TrainingRun(cfg, data, out).call());
        assertTrue(e.getMessage().contains("last good checkpoint"), e.getMessage());
        ModelFile.Contents cp = ModelFile.read(TrainingRun.checkpointPath(out));
        assertEquals("checkpoint", cp.description.kind);
        assertFalse(Files.exists(out), "no model file is written from a diverged run");
    }
}
