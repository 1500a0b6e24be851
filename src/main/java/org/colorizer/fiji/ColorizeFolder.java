package org.colorizer.fiji;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.FolderJob;
import org.colorizer.hints.HintFiles;
import org.colorizer.hints.Reach;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > Colorize Folder: colorizes every image of a folder (recursively) into an output
 * folder, for macros and headless batch jobs. Never overwrites an input; skips existing outputs unless asked.
 * Headless: {@code ImageJ-linux64 --headless --console --run "Colorize Folder" "input='/in',output='/out'"}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Colorize Folder", headless = true,
        label = "Colorize Folder", description = "Colorize every image of a folder")
public final class ColorizeFolder extends ColorizerCommand {

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

    @Parameter(label = "Reference colors: image file (optional)", required = false, persist = false,
            description = RoiHints.REFERENCE_DESCRIPTION)
    private String reference = "";

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

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
            c = withReference(c, reference);
            FolderJob.Summary s = new FolderJob(c).optOutput(output.toPath()).optOverwrite(overwrite)
                    .optHints(hinted ? HintFiles.source(Paths.get(hints.trim()), false) : null)
                    .optListener((done, total, in, outcome, rate) ->
                            progress(done, total, label() + ": " + in.getFileName() + " " + outcome))
                    .run(Collections.singletonList(input.toPath()));
            summary = s.line();
            if (log != null) {
                log.info(label() + ": " + summary);
            }
            for (Map.Entry<Path, String> f : s.failures.entrySet()) {
                warn("failed " + f.getKey() + ": " + f.getValue());
            }
            clearStatus();
        } catch (ColorizerException e) {
            fail(e);
        }
    }

    public String getSummary() {
        return summary;
    }
}
