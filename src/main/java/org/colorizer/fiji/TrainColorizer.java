package org.colorizer.fiji;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.colorizer.ColorizerException;
import org.colorizer.engine.Engines;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.training.TrainingConfig;
import org.colorizer.training.TrainingListener;
import org.colorizer.training.TrainingRun;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

/**
 * Plugins > Colorization > Train Colorizer: trains a model on a folder of color images, with a progress bar,
 * status line (losses, ETA), cancel (stops after the current step and still saves a usable model) and, with a
 * display, a live loss plot and the latest validation preview. Macro:
 * {@code run("Train Colorizer", "data=/photos output=/models/mine.zip size=128 epochs=20 batch=8 ...");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Train Colorizer", headless = true,
        label = "Train Colorizer", description = "Train a pix2pix colorizer on a folder of color images")
public final class TrainColorizer extends ContextCommand {

    @Parameter(label = "Training images (folder)", style = "directory")
    private File data;

    @Parameter(label = "Validation images (folder, optional)", style = "directory", required = false,
            description = "empty: hold out 5% of the training images")
    private File validation;

    @Parameter(label = "Model file to write (.zip)", style = "save")
    private File output;

    @Parameter(label = "Training size (px)", min = "32", max = "1024")
    private int size = 128;

    @Parameter(label = "U-Net levels", min = "2", max = "10")
    private int levels = 6;

    @Parameter(label = "Filters", min = "4", max = "256")
    private int filters = 32;

    @Parameter(label = "Epochs", min = "1")
    private int epochs = 20;

    @Parameter(label = "Batch size", min = "1")
    private int batch = 8;

    @Parameter(label = "L1-only pretraining epochs", min = "0")
    private int pretrain = 4;

    @Parameter(label = "GAN loss", choices = {"vanilla", "lsgan"})
    private String gan = "vanilla";

    @Parameter(label = "Adversarial weight", min = "0",
            description = "weight of the GAN loss beside 100 x L1: 1 is the paper (vivid, often wrong colors); "
                    + "0.15 gave the built-in he model; 0 trains with L1 only (accurate, muted)")
    private float ganweight = 0.15f;

    @Parameter(label = "Weight averaging (EMA decay)", min = "0", max = "0.9999",
            description = "the model keeps a moving average of the generator's weights; 0 = off")
    private float ema = 0.99f;

    @Parameter(label = "Color hints (the model learns to use a user's hints; simulated in training)",
            required = false)
    private boolean hints = false;

    // not remembered between runs (as Resume): a remembered model would silently fine-tune the next macro's run
    @Parameter(label = "Start from", choices = {"random weights", "general", "he", "file"}, required = false,
            persist = false, description = "Fine-tune a trained model (its architecture is used; with color hints, the new hint "
                    + "inputs start at zero)")
    private String init = "random weights";

    @Parameter(label = "Start from file (if 'file')", style = "open", required = false, persist = false)
    private File initfile;

    @Parameter(label = "Keep its automatic colors (hint fine-tunes)", required = false, persist = false,
            description = "With Color hints and a trained start: each crop is also shown without hints and learns "
                    + "the starting model's own colors there, so that its colors without hints stay (each step "
                    + "does twice the work)")
    private boolean keepautomatic = false;

    @Parameter(label = "Device", choices = {"cpu", "gpu"})
    private String device = "cpu";

    // not remembered between runs: a resume is a one-off, and a remembered path would silently resume again
    @Parameter(label = "Resume from checkpoint (optional)", style = "open", required = false, persist = false)
    private File resume;

    @Parameter(label = "Seed")
    private long seed = 42;

    @Parameter(type = ItemIO.OUTPUT, label = "Model")
    private File model;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(required = false)
    private TaskService tasks;

    @Parameter(required = false)
    private LogService log;

    private volatile TrainingRun running;

    /**
     * The dialog's settings that a resumed run does not use because its checkpoint fixes them, as "Field: dialog
     * value (checkpoint: value)" joined by "; "; empty if they all agree. The dialog always passes every field,
     * so a difference is reported, not refused.
     */
    static String ignoredOnResume(TrainingConfig dialog, TrainingConfig saved) {
        List<String> out = new ArrayList<>();
        differs(out, "Training size", dialog.getModel().getSize(), saved.getModel().getSize());
        differs(out, "U-Net levels", dialog.getModel().getLevels(), saved.getModel().getLevels());
        differs(out, "Filters", dialog.getModel().getFilters(), saved.getModel().getFilters());
        differs(out, "Batch size", dialog.getBatch(), saved.getBatch());
        differs(out, "L1-only pretraining epochs", dialog.getPretrainEpochs(), saved.getPretrainEpochs());
        differs(out, "GAN loss", dialog.getGan(), saved.getGan());
        differs(out, "Adversarial weight", dialog.getGanWeight(), saved.getGanWeight());
        differs(out, "Weight averaging", dialog.getEmaDecay(), saved.getEmaDecay());
        differs(out, "Seed", dialog.getSeed(), saved.getSeed());
        differs(out, "Keep its automatic colors", dialog.isKeepAutomatic(), saved.isKeepAutomatic());
        return String.join("; ", out);
    }

    private static void differs(List<String> out, String field, Object dialog, Object saved) {
        if (!dialog.equals(saved)) {
            out.add(field + ": " + dialog + " (checkpoint: " + saved + ")");
        }
    }

    @Override
    public void run() {
        Task task = tasks == null ? null : tasks.createTask("Train Colorizer");
        TrainingMonitor monitor = TrainingMonitor.create(output == null ? "model" : output.getName());
        try {
            ModelFile.Contents start = null;
            String startWhat = null;
            ModelConfig arch = new ModelConfig().optSize(size).optLevels(levels).optFilters(filters).optHints(hints);
            if (init != null && !init.isEmpty() && !init.equals("random weights")) {
                if (init.equals("file")) {
                    if (initfile == null || initfile.getPath().isEmpty()) {
                        throw new ColorizerException("initfile: 'Start from' is 'file' but no model file is given");
                    }
                    start = ModelFile.read(initfile.toPath());
                    startWhat = "model file " + initfile;
                } else {
                    start = BuiltinModels.read(init);
                    startWhat = "built-in model '" + init + "'";
                }
                start.requireBuiltinNetwork(startWhat, "be trained further ('Start from')");
                arch = TrainingRun.initialArchitecture(start.description.model, size, hints);
                if (log != null && (arch.getLevels() != levels || arch.getFilters() != filters)) {
                    log.warn("Train Colorizer: starting from " + startWhat + ", whose network has " + arch.getLevels()
                            + " levels and " + arch.getFilters() + " filters; the dialog's U-Net levels and Filters "
                            + "are not used");
                }
            }
            TrainingConfig cfg = new TrainingConfig()
                    .optModel(arch)
                    .optEpochs(epochs).optBatch(batch).optPretrainEpochs(pretrain)
                    .optGan(TrainingConfig.GanLoss.parse(gan)).optGanWeight(ganweight).optEmaDecay(ema)
                    .optSeed(seed).optKeepAutomatic(keepautomatic);
            if (resume == null || resume.getPath().isEmpty()) {
                cfg.validate();
            }
            if (data == null || output == null) {
                throw new ColorizerException("data and output are required: a folder of color images and a "
                        + "model file to write");
            }
            TrainingRun run = new TrainingRun(cfg, data.toPath(), output.toPath())
                    .optValidation(validation == null || validation.getPath().isEmpty() ? null : validation.toPath())
                    .optResume(resume == null || resume.getPath().isEmpty() ? null : resume.toPath())
                    .optEpochsOnResume(epochs)
                    .optResumeCheck(saved -> {
                        String ignored = ignoredOnResume(cfg, saved);
                        if (!ignored.isEmpty() && log != null) {
                            log.warn("Train Colorizer: resuming " + resume + " goes on with the checkpoint's own "
                                    + "settings; these fields of the dialog differ and are not used: " + ignored
                                    + " (only Epochs applies to a resumed run; clear Resume to start a new one)");
                        }
                    })
                    .optDevice(Engines.device(device));
            if (start != null) {
                run.optInitialModel(start, startWhat);
            }
            running = run;
            if (task != null) {
                task.setCancelCallBack(run::cancel);
                task.start();
            }
            run.optListener(new TrainingListener() {
                @Override
                public void message(String text) {
                    if (log != null) {
                        log.info("Train Colorizer: " + text);
                    }
                }

                @Override
                public void step(Progress p) {
                    if (isCanceled() || Thread.currentThread().isInterrupted()
                            || (task != null && task.isCanceled())) {
                        run.cancel();
                    }
                    String line = String.format(Locale.ROOT, "Train Colorizer: epoch %d/%d, D %.3f, G %.3f, L1 %.4f, ETA %s",
                            p.epoch, p.epochs, p.lossD, p.lossGan, p.lossL1, TrainingListener.formatDuration(p.etaSeconds));
                    if (status != null) {
                        status.showStatus((int) Math.min(Integer.MAX_VALUE, p.step),
                                (int) Math.min(Integer.MAX_VALUE, p.totalSteps), line);
                    }
                    if (task != null) {
                        task.setProgressMaximum(p.totalSteps);
                        task.setProgressValue(p.step);
                        task.setStatusMessage(line);
                    }
                    monitor.step(p);
                }

                @Override
                public void epoch(EpochReport r) {
                    if (log != null) {
                        log.info("Train Colorizer: " + r.line());
                    }
                    monitor.epoch(r);
                }
            });
            TrainingRun.Result r = run.call();
            model = r.model.toFile();
            if (r.cancelled) {
                cancel("Training was cancelled; a usable model was saved to " + r.model + " (continue with "
                        + "Resume = " + r.checkpoint + ")");
            }
        } catch (ColorizerException e) {
            if (log != null) {
                log.error("Train Colorizer: " + e.getMessage());
            }
            cancel(e.getMessage());
        } finally {
            running = null;
            if (task != null) {
                task.finish();
            }
            if (status != null) {
                status.clearStatus();
            }
        }
    }

    /** Cancel (from Fiji's task panel or a caller): stops after the current step and still saves a model. */
    @Override
    public void cancel(String reason) {
        super.cancel(reason);
        TrainingRun r = running;
        if (r != null) {
            r.cancel();
        }
    }

    public File getModel() {
        return model;
    }
}
