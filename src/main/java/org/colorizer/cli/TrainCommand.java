package org.colorizer.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.training.TrainingConfig;
import org.colorizer.training.TrainingListener;
import org.colorizer.training.TrainingRun;

/** {@code train}: folder of color photos in, model file out. */
final class TrainCommand implements Main.Command {
    private static final Set<String> VALUED = new HashSet<>(Arrays.asList("data", "val", "out", "size", "epochs",
            "batch", "pretrain-epochs", "gan", "lambda-l1", "device", "resume", "seed", "levels", "filters",
            "upsampling", "dropout", "lr", "d-lr", "lr-decay-epochs", "real-label", "d-warmup-steps", "gan-weight", "ema", "steps-per-epoch",
            "checkpoint-every", "val-fraction", "name", "loader-threads", "cache-mb", "crop", "working-size", "init"));
    private static final Set<String> FLAGS = new HashSet<>(Arrays.asList("half", "quiet", "keep-epoch-models",
            "hints", "keep-automatic"));

    @Override
    public String summary() {
        return "train a colorizer on a folder of color images";
    }

    @Override
    public String usage() {
        ModelConfig m = new ModelConfig();
        TrainingConfig t = new TrainingConfig();
        return String.join("\n",
                "usage: java -jar colorizer.jar train --data DIR --out MODEL.zip [options]",
                "",
                "  --data DIR             folder of color images (JPEG, PNG, TIFF, BMP; searched recursively)",
                "  --val DIR              validation folder (default: hold out --val-fraction of --data)",
                "  --out MODEL.zip        model file to write; MODEL.checkpoint.zip and MODEL-preview.png go beside it",
                "  --size N               training and working size in pixels (default " + m.getSize() + ")",
                "  --epochs N             epochs (default " + t.getEpochs() + ")",
                "  --batch N              images per step (default " + t.getBatch() + ")",
                "  --pretrain-epochs N    L1-only epochs before the GAN phase (default " + t.getPretrainEpochs() + ")",
                "  --gan vanilla|lsgan    adversarial loss (default vanilla)",
                "  --lambda-l1 X          weight of the L1 loss (default " + t.getLambdaL1() + ")",
                "  --device cpu|gpu|gpu:N where to train (default cpu)",
                "  --resume CHECKPOINT    continue a run exactly where it stopped (--epochs, and the GAN",
                "                         options --pretrain-epochs --gan --gan-weight --lambda-l1 --lr --d-lr",
                "                         --lr-decay-epochs --real-label --ema given with it, change the",
                "                         continued run; so do --size and --crop: the same weights go on",
                "                         at another scale; the network and --batch --seed are fixed)",
                "  --seed N               random seed (default " + t.getSeed() + ")",
                "  --hints                train a model that takes color hints (simulated from the true colors",
                "                         of each crop; colorize --hints then uses the user's)",
                "  --keep-automatic       with --init and --hints: each crop is also shown without hints and",
                "                         learns the starting model's own colors there (so it keeps them)",
                "  --init MODEL           start the generator from a trained model (built-in name or file):",
                "                         fine-tuning; its architecture is used, and with --hints the new",
                "                         hint inputs start at zero (so step 0 is that model)",
                "  --levels N             U-Net depth (default " + m.getLevels() + "; size must be a multiple of 2^N)",
                "  --filters N            filters of the first layer (default " + m.getFilters() + ")",
                "  --upsampling KIND      transposed or resize-conv (default " + m.getUpsampling().name().toLowerCase(Locale.ROOT) + ")",
                "  --dropout X            decoder dropout (default " + m.getDropout() + ")",
                "  --lr X / --d-lr X      learning rates of generator / discriminator (default 2e-4 both)",
                "  --lr-decay-epochs N    lower both learning rates linearly to 0 over the last N epochs (default 0)",
                "  --real-label X         label for real images, e.g. 0.9 for label smoothing (default 1)",
                "  --d-warmup-steps N     the GAN phase's first N steps train the discriminator alone on the",
                "                         frozen generator's output (for fine-tunes; default 0)",
                "  --gan-weight X         weight of the adversarial loss (default 1)",
                "  --ema X                EMA decay of the generator's weights, e.g. 0.999 (default off)",
                "  --steps-per-epoch N    steps per epoch (default: one pass over the images)",
                "  --checkpoint-every N   steps between checkpoints (default " + t.getCheckpointEvery() + ")",
                "  --val-fraction X       share held out for validation (default " + t.getValidationFraction() + ")",
                "  --crop KIND:MIN:MAX    random crops: fraction:0.6:1 (default; of the short side) or",
                "                         pixels:1:2 (size*1..2 source pixels: microscopy at native scale)",
                "  --working-size N       long side at which Colorize shows whole images to this model",
                "                         (default: the training size)",
                "  --half                 store the model's weights in float16",
                "  --keep-epoch-models    also keep each epoch's model as MODEL-epochNN.zip (to average the",
                "                         last epochs' weights with convert)",
                "  --name NAME            a short name recorded in the model file",
                "  --quiet                no progress line");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) {
        Args a = new Args(argv, 1, VALUED, FLAGS);
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        ModelFile.Contents init = null;
        String initWhat = null;
        if (a.has("init")) {
            if (a.has("resume")) {
                throw new Args.UsageException("--init starts a new run; it cannot be given with --resume");
            }
            String spec = a.string("init", "");
            init = BuiltinModels.readNamedOrFile(spec);
            initWhat = BuiltinModels.builtinName(spec) != null
                    ? "built-in model '" + BuiltinModels.builtinName(spec) + "'"
                    : "model file " + spec;
            init.requireBuiltinNetwork(initWhat, "be trained further (--init)");
        }
        // with --init the model's architecture is the default (and must not change, but the training size may)
        ModelConfig defaults = init != null ? init.description.model : new ModelConfig();
        TrainingConfig td = new TrainingConfig();
        ModelConfig model = new ModelConfig()
                .optSize(a.integer("size", defaults.getSize(), 1))
                .optLevels(a.integer("levels", defaults.getLevels(), 1))
                .optFilters(a.integer("filters", defaults.getFilters(), 1))
                .optDropout(a.number("dropout", defaults.getDropout()))
                .optDropoutLayers(defaults.getDropoutLayers())
                .optDiscriminatorLayers(defaults.getDiscriminatorLayers())
                .optDiscriminatorFilters(defaults.getDiscriminatorFilters())
                .optHints(a.flag("hints") || defaults.takesHints())
                .optUpsampling(a.has("upsampling") ? ModelConfig.Upsampling.parse(a.string("upsampling", ""))
                        : defaults.getUpsampling());
        TrainingConfig cfg = new TrainingConfig().optModel(model)
                .optEpochs(a.integer("epochs", td.getEpochs(), 1))
                .optBatch(a.integer("batch", td.getBatch(), 1))
                .optPretrainEpochs(a.integer("pretrain-epochs", td.getPretrainEpochs(), 0))
                .optGan(a.has("gan") ? TrainingConfig.GanLoss.parse(a.string("gan", "")) : td.getGan())
                .optLambdaL1(a.number("lambda-l1", td.getLambdaL1()))
                .optSeed(a.longValue("seed", td.getSeed()))
                .optLearningRate(a.number("lr", td.getLearningRate()))
                .optDiscriminatorLearningRate(a.number("d-lr", Float.NaN))
                .optLrDecayEpochs(a.integer("lr-decay-epochs", 0, 0))
                .optRealLabel(a.number("real-label", td.getRealLabel()))
                .optDiscriminatorWarmupSteps(a.integer("d-warmup-steps", td.getDiscriminatorWarmupSteps(), 0))
                .optKeepAutomatic(a.flag("keep-automatic"))
                .optGanWeight(a.number("gan-weight", td.getGanWeight()))
                .optEmaDecay(a.number("ema", td.getEmaDecay()))
                .optStepsPerEpoch(a.integer("steps-per-epoch", 0, 0))
                .optCheckpointEvery(a.integer("checkpoint-every", td.getCheckpointEvery(), 1))
                .optValidationFraction(a.number("val-fraction", td.getValidationFraction()))
                .optLoaderThreads(a.integer("loader-threads", 0, 0));
        if (init != null && init.description.training != null && !a.has("crop")) {
            TrainingConfig it = init.description.training; // fine-tuning sees the data at the model's own scale
            cfg.optCrop(it.isCropRelative(), it.getCropMin(), it.getCropMax());
        }
        if (a.has("crop")) {
            String[] c = a.string("crop", "").split(":");
            if (c.length != 3 || !(c[0].equals("fraction") || c[0].equals("pixels"))) {
                throw new Args.UsageException("--crop must look like fraction:0.6:1 or pixels:1:2");
            }
            try {
                cfg.optCrop(c[0].equals("fraction"), Float.parseFloat(c[1]), Float.parseFloat(c[2]));
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--crop must look like fraction:0.6:1 or pixels:1:2");
            }
        }
        if (!a.has("resume")) {
            cfg.validate();
        }
        Path data = a.requiredPath("data");
        Path outFile = a.requiredPath("out");
        boolean quiet = a.flag("quiet");
        TrainingRun run = new TrainingRun(cfg, data, outFile)
                .optValidation(a.path("val"))
                .optResume(a.path("resume"))
                .optEpochsOnResume(a.has("epochs") ? cfg.getEpochs() : null)
                .optResumeOverrides(resumeOverrides(a, cfg))
                .optResumeCheck(fixedOnResume(a, cfg))
                .optDevice(Engines.device(a.string("device", "cpu")))
                .optHalfPrecision(a.flag("half"))
                .optKeepEpochModels(a.flag("keep-epoch-models"))
                .optWorkingSize(a.integer("working-size", init != null ? init.description.workingSize : 0, 0))
                .optName(a.string("name", null))
                .optCacheBudget(a.integer("cache-mb", 1500, 0) * (1L << 20))
                .optListener(new ConsoleListener(out, quiet));
        if (init != null) {
            run.optInitialModel(init, initWhat);
        }
        // Ctrl-C / SIGTERM: stop after the current step and wait until the model and checkpoint are saved
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.cancel();
            try {
                finished.await(300, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "colorizer-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingRun.Result r;
        try {
            r = run.call();
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        out.printf(Locale.ROOT, "%s %s after %d epoch(s), %d steps, %s; data wait %.1f%% of step time%n",
                r.cancelled ? "Cancelled; saved" : "Wrote", r.model, r.epochsDone, r.steps,
                TrainingListener.formatDuration(r.seconds), 100 * r.dataWaitFraction);
        out.println("metrics: " + r.metrics);
        return 0;
    }

    /** With --resume, these options given explicitly change the resumed run's settings. */
    private static Consumer<TrainingConfig> resumeOverrides(Args a, TrainingConfig given) {
        Map<String, Consumer<TrainingConfig>> setters = new LinkedHashMap<>();
        setters.put("pretrain-epochs", c -> c.optPretrainEpochs(given.getPretrainEpochs()));
        setters.put("gan", c -> c.optGan(given.getGan()));
        setters.put("gan-weight", c -> c.optGanWeight(given.getGanWeight()));
        setters.put("lambda-l1", c -> c.optLambdaL1(given.getLambdaL1()));
        setters.put("lr", c -> c.optLearningRate(given.getLearningRate()));
        setters.put("d-lr", c -> c.optDiscriminatorLearningRate(given.getDiscriminatorLearningRate()));
        setters.put("lr-decay-epochs", c -> c.optLrDecayEpochs(given.getLrDecayEpochs()));
        setters.put("real-label", c -> c.optRealLabel(given.getRealLabel()));
        setters.put("d-warmup-steps", c -> c.optDiscriminatorWarmupSteps(given.getDiscriminatorWarmupSteps()));
        setters.put("ema", c -> c.optEmaDecay(given.getEmaDecay()));
        // the network is fully convolutional: its weights carry over to another training size
        setters.put("size", c -> c.getModel().optSize(given.getModel().getSize()));
        setters.put("crop", c -> c.optCrop(given.isCropRelative(), given.getCropMin(), given.getCropMax()));
        setters.keySet().removeIf(k -> !a.has(k));
        if (!a.has("resume") || setters.isEmpty()) {
            return null;
        }
        return c -> setters.values().forEach(s -> s.accept(c));
    }

    /**
     * With --resume, options that the checkpoint fixes (the network, the data order) must not be silently
     * ignored: given with another value than the checkpoint's, they are an error.
     */
    private static Consumer<TrainingConfig> fixedOnResume(Args a, TrainingConfig given) {
        Map<String, Function<TrainingConfig, Object>> fixed = new LinkedHashMap<>();
        fixed.put("levels", c -> c.getModel().getLevels());
        fixed.put("filters", c -> c.getModel().getFilters());
        fixed.put("upsampling", c -> c.getModel().getUpsampling().name().toLowerCase(Locale.ROOT));
        fixed.put("dropout", c -> c.getModel().getDropout());
        fixed.put("hints", c -> c.getModel().takesHints());
        fixed.put("keep-automatic", TrainingConfig::isKeepAutomatic);
        fixed.put("batch", TrainingConfig::getBatch);
        fixed.put("seed", TrainingConfig::getSeed);
        fixed.put("steps-per-epoch", TrainingConfig::getStepsPerEpoch);
        fixed.put("val-fraction", TrainingConfig::getValidationFraction);
        fixed.keySet().removeIf(k -> !a.has(k));
        if (!a.has("resume") || fixed.isEmpty()) {
            return null;
        }
        return saved -> fixed.forEach((option, value) -> {
            if (!value.apply(given).equals(value.apply(saved))) {
                throw new ColorizerException("--" + option + " " + value.apply(given)
                        + " cannot change when resuming: the checkpoint was trained with " + value.apply(saved)
                        + "; drop --" + option + ", or start a new run without --resume");
            }
        });
    }

    /** Prints a progress line (carriage return on a terminal, a line every few seconds otherwise). */
    static final class ConsoleListener implements TrainingListener {
        private final PrintStream out;
        private final boolean quiet;
        private final boolean tty = System.console() != null;
        private long lastPrint;

        ConsoleListener(PrintStream out, boolean quiet) {
            this.out = out;
            this.quiet = quiet;
        }

        @Override
        public void message(String text) {
            if (tty) {
                out.print("\r\033[K");
            }
            out.println(text);
        }

        @Override
        public void step(Progress p) {
            if (quiet) {
                return;
            }
            long now = System.currentTimeMillis();
            if (tty) {
                if (now - lastPrint > 200 || p.stepInEpoch == p.stepsPerEpoch) {
                    out.print("\r\033[K" + p.line());
                    out.flush();
                    lastPrint = now;
                }
            } else if (now - lastPrint > 10_000 || p.step == 1) {
                out.println(p.line());
                lastPrint = now;
            }
        }

        @Override
        public void epoch(EpochReport r) {
            if (tty) {
                out.print("\r\033[K");
            }
            out.println(r.line());
        }
    }
}
