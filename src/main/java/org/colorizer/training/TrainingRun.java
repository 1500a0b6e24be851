package org.colorizer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.hints.HintSimulation;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/**
 * One training run of a colorizer: folder of color photos in, model file out. Plain Java (the command line and
 * the Fiji command both drive it): configure, {@link #call()}, optionally {@link #cancel()} from another thread.
 *
 * <p>Writes, next to the model: {@code NAME.checkpoint.zip} (every {@code checkpointEvery} steps and at each
 * epoch end; resume with {@link #optResume}) and {@code NAME-preview.png} (gray | predicted | truth for a few
 * validation images). All files are written atomically: a crash never leaves a half-written one.
 */
public final class TrainingRun {
    /** Consecutive skipped (non-finite) steps after which the run stops. */
    static final int MAX_SKIPPED_IN_A_ROW = 10;

    private final TrainingConfig config;
    private final Path data;
    private final Path out;
    private Path validation;
    private Path resume;
    private Integer epochsOnResume;
    private boolean keepEpochModels;
    private Consumer<TrainingConfig> resumeOverrides;
    private Consumer<TrainingConfig> resumeCheck;
    private Device device = Device.cpu();
    private TrainingListener listener = new TrainingListener() {};
    private boolean halfPrecision;
    private String name;
    private long cacheBudget = 1500L << 20;
    private volatile boolean cancelled;
    private int workingSize;
    private ModelFile.Contents initial;
    private String initialWhat;

    /** The outcome of a run. */
    public static final class Result {
        public Path model;
        public Path checkpoint;
        public Path preview;
        public boolean cancelled;
        public int epochsDone;
        public long steps;
        public Map<String, Double> metrics = new LinkedHashMap<>();
        public List<TrainingListener.EpochReport> history = new ArrayList<>();
        public double dataWaitFraction;
        public double seconds;
    }

    /** Run state stored in a checkpoint's state.json. */
    static final class State {
        int epoch;          // 0-based epoch in progress
        int stepInEpoch;    // steps of that epoch already done
        long step;          // global steps done
        double seconds;
        long seed;
        List<TrainingListener.EpochReport> history = new ArrayList<>();
        ModelDescription.DataSummary data;
    }

    public TrainingRun(TrainingConfig config, Path data, Path out) {
        this.config = config;
        this.data = data;
        this.out = out;
    }

    public TrainingRun optValidation(Path dir) { this.validation = dir; return this; }
    public TrainingRun optResume(Path checkpoint) { this.resume = checkpoint; return this; }
    /**
     * Also keep the model of every epoch as {@code NAME-epochNN.zip} (for example to average the weights of a
     * GAN run's last epochs with {@code convert}).
     */
    public TrainingRun optKeepEpochModels(boolean keep) { this.keepEpochModels = keep; return this; }

    /**
     * On resume, the checkpoint's settings are used (that is what makes the continuation exact) except the
     * number of epochs, which this sets (null: the checkpoint's).
     */
    public TrainingRun optEpochsOnResume(Integer epochs) { this.epochsOnResume = epochs; return this; }
    /**
     * Changes settings of a resumed run (for example the GAN weight, to try other GAN settings from the kept
     * end of the L1 phase). The continuation is then no longer the exact one; the run says so.
     */
    public TrainingRun optResumeOverrides(Consumer<TrainingConfig> overrides) {
        this.resumeOverrides = overrides;
        return this;
    }
    /**
     * Called with the checkpoint's settings before a resumed run starts; throws (a {@link ColorizerException})
     * when the caller asked for a setting that a resumed run cannot change, such as the network's depth.
     */
    public TrainingRun optResumeCheck(Consumer<TrainingConfig> check) {
        this.resumeCheck = check;
        return this;
    }
    public TrainingRun optDevice(Device device) { this.device = device; return this; }
    public TrainingRun optListener(TrainingListener listener) { this.listener = listener; return this; }
    /** Store the final model's weights in float16 (half the size). Checkpoints stay float32. */
    public TrainingRun optHalfPrecision(boolean half) { this.halfPrecision = half; return this; }
    public TrainingRun optName(String name) { this.name = name; return this; }
    /** Long side at which Colorize shows whole images to this model (0 = the training size); recorded. */
    public TrainingRun optWorkingSize(int pixels) {
        this.workingSize = ModelDescription.checkWorkingSize(pixels);
        return this;
    }
    public TrainingRun optCacheBudget(long bytes) { this.cacheBudget = bytes; return this; }

    /**
     * Starts the generator from a trained model's weights instead of random ones (fine-tuning; the discriminator
     * starts afresh). The model's architecture must be the run's, except that the run may add hints: the new
     * hint inputs then start at zero, so that at step 0 the model is the one it came from. Ignored on resume.
     *
     * @param what names the model in messages
     */
    public TrainingRun optInitialModel(ModelFile.Contents model, String what) {
        this.initial = model;
        this.initialWhat = what;
        return this;
    }

    private void loadInitial(Block generator, ModelConfig target, NDManager manager) {
        ModelConfig from = initial.description.model;
        if (!sameArchitecture(from, target)) {
            throw new ColorizerException("init: " + initialWhat + " has another architecture (" + from + ") than this "
                    + "run (" + target + "); give the same levels, filters and upsampling, or train without --init");
        }
        if (from.takesHints() && !target.takesHints()) {
            throw new ColorizerException("init: " + initialWhat + " takes color hints; train with hints to continue it");
        }
        try (NDManager scope = manager.newSubManager()) {
            Block g = Networks.generator(from);
            Networks.initializeGenerator(g, from, scope, 0);
            WeightCodec.load(g, WeightCodec.decode(initial.entries.get(ModelFile.GENERATOR_ENTRY), initialWhat), scope,
                    initialWhat);
            Networks.copyWidening(g, generator);
        }
        listener.message("Generator starts from " + initialWhat + (target.takesHints() && !from.takesHints()
                ? " (hint inputs added, starting at zero)" : ""));
    }

    /**
     * The architecture of a run that starts from a model of architecture {@code model} ({@link #optInitialModel}):
     * the model's network, trained at {@code size}, taking hints if {@code hints} or if the model does.
     */
    public static ModelConfig initialArchitecture(ModelConfig model, int size, boolean hints) {
        return new ModelConfig().optSize(size).optLevels(model.getLevels()).optFilters(model.getFilters())
                .optDropout(model.getDropout()).optDropoutLayers(model.getDropoutLayers())
                .optUpsampling(model.getUpsampling()).optDiscriminatorLayers(model.getDiscriminatorLayers())
                .optDiscriminatorFilters(model.getDiscriminatorFilters()).optHints(hints || model.takesHints());
    }

    /** Same networks apart from the training size and hint inputs. */
    static boolean sameArchitecture(ModelConfig a, ModelConfig b) {
        return a.getLevels() == b.getLevels() && a.getFilters() == b.getFilters()
                && a.getUpsampling() == b.getUpsampling() && a.getDropoutLayers() == b.getDropoutLayers();
    }

    /** Asks the run to stop after the current step; it then saves a checkpoint and a usable model. */
    public void cancel() {
        cancelled = true;
    }

    public static Path checkpointPath(Path model) {
        return Checkpoints.checkpointPath(model);
    }

    /** The checkpoint at the end of the L1-only phase. */
    public static Path pretrainCheckpointPath(Path model) {
        return Checkpoints.pretrainCheckpointPath(model);
    }

    /** The model as it was at the end of epoch {@code epoch} (1-based), kept with {@link #optKeepEpochModels}. */
    public static Path epochModelPath(Path model, int epoch) {
        return Checkpoints.epochModelPath(model, epoch);
    }

    public static Path previewPath(Path model) {
        return Checkpoints.previewPath(model);
    }

    public Result call() {
        checkPaths();
        ModelFile.Contents checkpoint = resume == null ? null : Checkpoints.readForResume(resume);
        TrainingConfig cfg = checkpoint == null ? config : resumedConfig(checkpoint);
        State state = checkpoint == null ? new State() : Checkpoints.state(checkpoint, resume);
        cfg.validate();
        Plan plan = new Plan(cfg);
        Engines.pytorch();
        try (NDManager manager = Engines.pytorch().newBaseManager(device)) {
            Block generator = Networks.generator(cfg.getModel());
            Block discriminator = Networks.discriminator(cfg.getModel());
            Networks.initializeGenerator(generator, cfg.getModel(), manager, cfg.getSeed());
            Networks.initialize(discriminator, manager, new Shape(1, 3, plan.size, plan.size), cfg.getSeed() + 1);
            if (checkpoint == null && initial != null) {
                loadInitial(generator, cfg.getModel(), manager);
            }
            try (GanStep gan = new GanStep(generator, discriminator, cfg, manager)) {
                if (checkpoint != null) {
                    Checkpoints.load(checkpoint, resume, generator, discriminator, gan, manager);
                    listener.message("Resumed from " + resume + " at epoch " + (state.epoch + 1) + ", step "
                            + state.step);
                }
                listener.message(gan.checkConvolutions(cfg.getBatch(), plan.size).summary());
                return new Loop(plan, state, manager, generator, discriminator, gan).run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColorizerException("training was interrupted; the last checkpoint is " + checkpointPath(out));
        } catch (IOException e) {
            throw new ColorizerException("could not write " + out + " or its checkpoint: " + e.getMessage()
                    + "; the previous files, if any, are intact", e);
        }
    }

    /** What a run works through, fixed before its networks are built: images, step counts, validation, files. */
    private final class Plan {
        final TrainingConfig cfg;
        final int size;
        final int threads;
        final Crops crops;
        final ImageSet train;
        final ModelDescription.DataSummary summary;
        final int stepsPerEpoch;
        final long totalSteps;
        /** The discriminator's warm-up: the GAN phase's first steps, before this one, leave the generator as it is. */
        final long warmupEnd;
        final HintSimulation hintSimulation;
        final Validation validator;
        final Checkpoints files;

        Plan(TrainingConfig cfg) {
            this.cfg = cfg;
            size = cfg.getModel().getSize();
            threads = cfg.getLoaderThreads() > 0 ? cfg.getLoaderThreads()
                    : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));
            listener.message("Reading training images in " + data + " ...");
            crops = new Crops(cfg);
            ImageSet all = scan(data, cacheBudget);
            ImageSet val;
            if (validation != null) {
                train = all;
                val = scan(validation, cacheBudget / 4);
            } else {
                ImageSet[] parts = all.split(cfg.getValidationFraction() > 0 ? cfg.getValidationFraction() : 0.05f,
                        cfg.getSeed());
                train = parts[0];
                val = parts[1];
            }
            summary = dataSummary(all, train, val);
            listener.message(String.format(Locale.ROOT,
                    "%d training images, %d validation images, %d file(s) skipped", train.size(), val.size(),
                    summary.skippedFiles));
            stepsPerEpoch = cfg.getStepsPerEpoch() > 0 ? cfg.getStepsPerEpoch()
                    : Math.max(1, (train.size() + cfg.getBatch() - 1) / cfg.getBatch());
            totalSteps = (long) stepsPerEpoch * cfg.getEpochs();
            warmupEnd = (long) cfg.getPretrainEpochs() * stepsPerEpoch + cfg.getDiscriminatorWarmupSteps();
            hintSimulation = cfg.getModel().takesHints() ? cfg.getHintSimulation() : null;
            validator = new Validation(val, crops, size, hintSimulation, previewPath(out));
            files = new Checkpoints(out, name, crops.inferenceTile(size), workingSize, halfPrecision,
                    keepEpochModels);
        }

        private ImageSet scan(Path dir, long budget) {
            return ImageSet.scan(dir, crops.maxShortSide(size), budget, Runtime.getRuntime().availableProcessors(),
                    listener);
        }
    }

    /** Sums of the step losses of an epoch, for its means. */
    private static final class EpochLosses {
        double d;
        double gan;
        double l1;
        int steps;

        void add(StepLosses losses) {
            d += losses.d;
            gan += losses.gGan;
            l1 += losses.l1;
            steps++;
        }

        /** The mean of a sum over the epoch's steps; NaN if there were none. */
        double mean(double sum) {
            return steps == 0 ? Double.NaN : sum / steps;
        }
    }

    /** The epochs of a run, from the state it starts at (a new run's or a checkpoint's) to the end or a cancel. */
    private final class Loop {
        private final Plan plan;
        private final TrainingConfig cfg;
        private final State state;
        private final NDManager manager;
        private final Block generator;
        private final Block discriminator;
        private final GanStep gan;
        private final Result result = new Result();
        private final double secondsBefore;
        private final long start;
        private long waitTotal;
        private long stepNanosTotal;
        private int skippedInARow;
        /** Images per second, smoothed over the steps. */
        private double rate;
        private EpochLosses epochLosses;

        Loop(Plan plan, State state, NDManager manager, Block generator, Block discriminator, GanStep gan) {
            this.plan = plan;
            this.cfg = plan.cfg;
            this.state = state;
            this.manager = manager;
            this.generator = generator;
            this.discriminator = discriminator;
            this.gan = gan;
            result.checkpoint = checkpointPath(out);
            result.preview = previewPath(out);
            result.model = out;
            state.seed = cfg.getSeed();
            state.data = plan.summary;
            result.history = state.history;
            start = System.nanoTime();
            secondsBefore = state.seconds;
        }

        /** Trains epoch after epoch to the last or a cancel, saving as it goes. */
        Result run() throws InterruptedException, IOException {
            while (state.epoch < cfg.getEpochs()) {
                if (!trainEpoch()) {
                    break;
                }
                endEpoch();
            }
            state.seconds = elapsed();
            if (cancelled) {
                saveOnCancel();
            }
            return result();
        }

        /** Trains the epoch in progress from its current step on; false if the run was cancelled. */
        private boolean trainEpoch() throws InterruptedException {
            boolean ganPhase = state.epoch >= cfg.getPretrainEpochs();
            epochLosses = new EpochLosses();
            long epochStart = System.nanoTime();
            try (BatchLoader loader = new BatchLoader(plan.train, plan.crops, plan.hintSimulation, cfg.getBatch(),
                    plan.size, cfg.getSeed(), state.epoch, state.stepInEpoch, plan.stepsPerEpoch, plan.threads)) {
                while (state.stepInEpoch < plan.stepsPerEpoch) {
                    if (cancelled) {
                        listener.message("Cancelled at step " + state.step + "; saving a usable model ...");
                        return false;
                    }
                    trainStep(loader, ganPhase, epochStart);
                }
                waitTotal += loader.waitNanos();
            }
            return true;
        }

        /** One step on the loader's next batch: losses checked and counted, progress told, checkpoint when due. */
        private void trainStep(BatchLoader loader, boolean ganPhase, long epochStart) throws InterruptedException {
            long t0 = System.nanoTime();
            BatchLoader.Batch b = loader.next();
            boolean warmup = ganPhase && state.step < plan.warmupEnd;
            StepLosses losses = optimize(b, ganPhase, warmup);
            long dt = System.nanoTime() - t0;
            stepNanosTotal += dt;
            checkFinite(losses);
            state.step++;
            state.stepInEpoch++;
            epochLosses.add(losses);
            double ips = b.n / (dt / 1e9);
            rate = rate == 0 ? ips : 0.9 * rate + 0.1 * ips;
            String phase = warmup ? "d-warmup" : ganPhase ? "gan" : "pretrain";
            listener.step(progress(losses, phase, loader, epochStart));
            if (state.step % cfg.getCheckpointEvery() == 0 && state.stepInEpoch < plan.stepsPerEpoch) {
                saveCheckpoint();
            }
        }

        /** The batch through the GanStep at this step's learning rates; its arrays live in a scope of their own. */
        private StepLosses optimize(BatchLoader.Batch b, boolean ganPhase, boolean warmup) {
            int size = plan.size;
            try (NDManager scope = manager.newSubManager()) {
                NDArray l = scope.create(b.l, new Shape(b.n, 1, size, size));
                NDArray ab = scope.create(b.ab, new Shape(b.n, 2, size, size));
                NDArray hints = b.hints == null ? null : scope.create(b.hints, new Shape(b.n, 3, size, size));
                double f = cfg.learningRateFactor(state.step, plan.totalSteps, plan.stepsPerEpoch);
                gan.generatorOptimizer().setLearningRate((float) (cfg.getLearningRate() * f));
                gan.discriminatorOptimizer().setLearningRate((float) (cfg.getDiscriminatorLearningRate() * f));
                return warmup ? gan.discriminatorStep(l, hints, ab) : gan.step(l, hints, ab, ganPhase);
            }
        }

        /** Stops the run at a non-finite loss, or after {@link #MAX_SKIPPED_IN_A_ROW} skipped steps in a row. */
        private void checkFinite(StepLosses losses) {
            if (!Double.isFinite(losses.l1) || !Double.isFinite(losses.d) || !Double.isFinite(losses.gGan)) {
                throw nonFinite(state, "the loss became "
                        + (Double.isNaN(losses.l1 + losses.d + losses.gGan) ? "NaN" : "infinite"));
            }
            skippedInARow = losses.skipped ? skippedInARow + 1 : 0;
            if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                throw nonFinite(state, MAX_SKIPPED_IN_A_ROW + " steps in a row had non-finite gradients");
            }
        }

        /** What the listener is told after a step. */
        private TrainingListener.Progress progress(StepLosses losses, String phase, BatchLoader loader,
                long epochStart) {
            TrainingListener.Progress p = new TrainingListener.Progress();
            p.epoch = state.epoch + 1;
            p.epochs = cfg.getEpochs();
            p.step = state.step;
            p.totalSteps = plan.totalSteps;
            p.stepInEpoch = state.stepInEpoch;
            p.stepsPerEpoch = plan.stepsPerEpoch;
            p.phase = phase;
            p.lossD = losses.d;
            p.lossGan = losses.gGan;
            p.lossL1 = losses.l1;
            p.learningRate = gan.generatorOptimizer().getLearningRate();
            p.skipped = losses.skipped;
            p.imagesPerSecond = rate;
            p.etaSeconds = (plan.totalSteps - state.step) * cfg.getBatch() / Math.max(rate, 1e-9);
            p.dataWait = (double) loader.waitNanos() / Math.max(1, System.nanoTime() - epochStart);
            return p;
        }

        /** Epoch end: validate, preview, checkpoint, model; the checkpoint at the end of the L1 phase is kept. */
        private void endEpoch() throws IOException {
            TrainingListener.EpochReport r = plan.validator.validate(gan, manager);
            r.epoch = state.epoch + 1;
            r.epochs = cfg.getEpochs();
            r.step = state.step;
            r.trainL1 = epochLosses.mean(epochLosses.l1);
            r.trainD = epochLosses.mean(epochLosses.d);
            r.trainGan = epochLosses.mean(epochLosses.gan);
            r.preview = result.preview;
            state.history.add(r);
            state.epoch++;
            state.stepInEpoch = 0;
            saveCheckpoint();
            plan.files.writeModel(cfg, generator, gan, state, r, true);
            if (state.epoch == cfg.getPretrainEpochs() && cfg.getPretrainEpochs() < cfg.getEpochs()) {
                // GAN settings can be tried again from the end of the L1 phase
                Path keep = plan.files.keepPretrainCheckpoint();
                listener.message("L1 pretraining done; its checkpoint is kept as " + keep);
            }
            listener.epoch(r);
        }

        /** After a cancel: the checkpoint to resume from, and a usable model of the steps so far. */
        private void saveOnCancel() throws IOException {
            result.cancelled = true;
            plan.files.writeCheckpoint(cfg, generator, discriminator, gan, state);
            TrainingListener.EpochReport r = plan.validator.validate(gan, manager);
            r.epoch = state.epoch;
            r.epochs = cfg.getEpochs();
            r.step = state.step;
            plan.files.writeModel(cfg, generator, gan, state, r, false);
            listener.message("Saved " + out + " (after " + state.step + " steps) and " + result.checkpoint
                    + "; continue with --resume");
        }

        private void saveCheckpoint() {
            state.seconds = elapsed();
            plan.files.writeCheckpoint(cfg, generator, discriminator, gan, state);
        }

        /** Training seconds, those of the run resumed from included. */
        private double elapsed() {
            return secondsBefore + (System.nanoTime() - start) / 1e9;
        }

        private Result result() {
            result.epochsDone = state.epoch;
            result.steps = state.step;
            result.seconds = state.seconds;
            result.dataWaitFraction = stepNanosTotal == 0 ? 0 : (double) waitTotal / stepNanosTotal;
            if (!state.history.isEmpty()) {
                TrainingListener.EpochReport last = state.history.get(state.history.size() - 1);
                result.metrics = Validation.metrics(last);
            }
            return result;
        }
    }

    /** What the model file records of the images: folders, counts and the files skipped. */
    private ModelDescription.DataSummary dataSummary(ImageSet all, ImageSet train, ImageSet val) {
        ModelDescription.DataSummary summary = new ModelDescription.DataSummary();
        summary.trainingFolder = data.toAbsolutePath().normalize().toString();
        summary.validationFolder = validation == null ? "(held out of the training folder)"
                : validation.toAbsolutePath().normalize().toString();
        summary.trainingImages = train.size();
        summary.validationImages = val.size();
        summary.skippedFiles = all.skipped() + (validation != null ? val.skipped() : 0);
        return summary;
    }

    /**
     * The settings of a resumed run: the checkpoint's (that is what makes the continuation exact), with the epochs
     * of {@link #optEpochsOnResume} and the changes of {@link #optResumeOverrides}. A resumed run keeps its name.
     */
    private TrainingConfig resumedConfig(ModelFile.Contents checkpoint) {
        TrainingConfig saved = checkpoint.description.training;
        if (resumeCheck != null) {
            resumeCheck.accept(saved);
        }
        TrainingConfig cfg = epochsOnResume == null ? saved : saved.optEpochs(epochsOnResume);
        if (resumeOverrides != null) {
            resumeOverrides.accept(cfg);
            listener.message("Resuming with changed settings: the run continues, but not exactly as the "
                    + "original would have");
        }
        if (name == null) {
            name = checkpoint.description.name;
        }
        return cfg;
    }

    private ColorizerException nonFinite(State state, String why) {
        Path cp = checkpointPath(out);
        return new ColorizerException("Training stopped at step " + (state.step + 1) + ": " + why + ". "
                + (Files.exists(cp) ? "The last good checkpoint is kept: " + cp + "; resume from it, perhaps with "
                        + "a lower learning rate." : "No checkpoint had been written yet; try a lower learning rate.")
                + " The model file was not changed.");
    }

    private void checkPaths() {
        if (data == null || !Files.isDirectory(data)) {
            throw new ColorizerException("data: " + data + " is not a folder; give a folder of color images");
        }
        if (validation != null && !Files.isDirectory(validation)) {
            throw new ColorizerException("val: " + validation + " is not a folder; give a folder of color images");
        }
        if (out == null) {
            throw new ColorizerException("out: missing; give the model file to write, e.g. my-model.zip");
        }
        if (Files.isDirectory(out)) {
            throw new ColorizerException("out: " + out + " is a folder; give a file name such as "
                    + out.resolve("model.zip"));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ColorizerException("out: the folder " + parent + " does not exist; create it first");
        }
        if (resume != null && !Files.isRegularFile(resume)) {
            throw new ColorizerException("resume: " + resume + " does not exist; give the .checkpoint.zip written "
                    + "by an earlier run");
        }
    }
}
