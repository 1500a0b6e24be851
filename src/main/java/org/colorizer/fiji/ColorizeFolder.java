package org.colorizer.fiji;

import java.io.File;
import java.util.Collections;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.FolderJob;
import org.colorizer.hints.HintFiles;
import org.colorizer.hints.Reach;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > Colorize Folder: colorizes every image of a folder (recursively) into an output
 * folder, for macros and headless batch jobs. Never overwrites an input; skips existing outputs unless asked.
 * Headless: {@code ImageJ-linux64 --headless --console --run "Colorize Folder" "input='/in',output='/out'"}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Colorize Folder", headless = true,
        label = "Colorize Folder", description = "Colorize every image of a folder")
public final class ColorizeFolder extends ContextCommand {

    @Parameter(label = "Input folder", style = "directory")
    private File input;

    @Parameter(label = "Output folder", style = "directory")
    private File output;

    @Parameter(label = "Model", choices = {"general", "he", ColorizerService.FROM_FILE})
    private String model = "general";

    @Parameter(label = "Model file", required = false, style = "open")
    private File modelfile;

    @Parameter(label = "Device", choices = {"cpu", "gpu"})
    private String device = "cpu";

    @Parameter(label = "Overwrite existing outputs")
    private boolean overwrite = false;

    @Parameter(label = "Color strength", min = "0", max = "3", stepSize = "0.1")
    private float strength = 1f;

    // Paths, not Files: see ColorizeImage (an unset optional File input can make SciJava open a file chooser).
    @Parameter(label = "Color hints folder (optional)", required = false, persist = false,
            description = "a folder holding NAME.csv or NAME.png hints for input NAME.ext (as colorize --hints DIR); "
                    + "inputs without one are colorized without hints; empty for none")
    private String hints = "";

    @Parameter(label = "Reach",
            choices = {Reach.DEFAULT, Reach.WIDE, Reach.LOCAL, Reach.OFF}, required = false,
            description = RoiHints.REACH_DESCRIPTION)
    private String reach = Reach.DEFAULT;

    /** The field's key in macros written before it was called Reach (see {@link RenamedInputs}). */
    @Parameter(visibility = ItemVisibility.INVISIBLE, required = false, persist = false,
            attrs = @Attr(name = RenamedInputs.RENAMED_TO, value = "reach"))
    private String hintspread = "";

    @Parameter(label = "Reference colors: image file (optional)", required = false, persist = false,
            description = RoiHints.REFERENCE_DESCRIPTION)
    private String reference = "";

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    @Parameter
    private ColorizerService colorizers;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(required = false)
    private LogService log;

    @Override
    public void run() {
        try {
            if (input == null || !input.isDirectory()) {
                throw new ColorizerException("input: " + input + " is not a folder; choose the folder of images to colorize");
            }
            if (output == null) {
                throw new ColorizerException("output: choose a folder for the colorized images");
            }
            Colorizer c = colorizers.get(model, modelfile, device).with(strength, 0);
            boolean hinted = hints != null && !hints.trim().isEmpty();
            if (hinted) {
                c.requireHints();
                c = c.withReach(reach, "reach");
            }
            if (reference != null && !reference.trim().isEmpty()) {
                c = c.withReference(ColorizeImage.readReference(reference));
            }
            FolderJob.Summary s = new FolderJob(c).optOutput(output.toPath()).optOverwrite(overwrite)
                    .optHints(hinted ? HintFiles.source(java.nio.file.Paths.get(hints.trim()), false) : null)
                    .optListener((done, total, in, outcome, rate) -> {
                        if (status != null) {
                            status.showStatus(done, total, "Colorize Folder: " + in.getFileName() + " " + outcome);
                        }
                        return !isCanceled() && !Thread.currentThread().isInterrupted();
                    })
                    .run(Collections.singletonList(input.toPath()));
            summary = s.line();
            if (log != null) {
                log.info("Colorize Folder: " + summary);
                for (Map.Entry<java.nio.file.Path, String> f : s.failures.entrySet()) {
                    log.warn("Colorize Folder: failed " + f.getKey() + ": " + f.getValue());
                }
            }
            if (status != null) {
                status.clearStatus();
            }
        } catch (ColorizerException e) {
            if (log != null) {
                log.error("Colorize Folder: " + e.getMessage());
            }
            cancel(e.getMessage());
        }
    }

    public String getSummary() {
        return summary;
    }
}
