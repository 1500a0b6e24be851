package org.colorizer.fiji;

import ij.ImagePlus;
import java.io.File;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.hints.Reach;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > Hint Tool: puts the {@link ColorHintTool} in ImageJ's toolbar and selects it, with a
 * live preview through the chosen model. Macro:
 * {@code run("Hint Tool", "model=general modelfile=[] device=cpu preview=true hintradius=3 brush=8 reach=default");}
 *
 * <p>A model without hint inputs gives no preview (a warning says why); the tool still places hints.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Hint Tool", headless = false, label = "Hint Tool",
        description = "Place color hints (click, drag, shift-drag) with a live colorized preview")
public final class HintToolCommand extends ColorizerCommand {

    @Parameter(label = "Image", required = false)
    private ImagePlus image;

    @Parameter(label = "Preview model", choices = {"general", "he", ColorizerService.FROM_FILE},
            description = "the model the live preview colorizes with (use the one you will run Colorize with)")
    private String model = "general";

    @Parameter(label = "Model file", required = false, style = "open",
            description = "a .zip written by Train Colorizer (used when Model is 'file')")
    private File modelfile;

    @Parameter(label = "Device", choices = {"cpu", "gpu"})
    private String device = "cpu";

    @Parameter(label = "Live preview", description = "re-colorize at a working size of 256 px after each change")
    private boolean preview = true;

    @Parameter(label = "Point hint radius (px)", min = "0", max = "10000", stepSize = "1",
            description = "the disk a point hint covers in the preview (Colorize has its own setting)")
    private double hintradius = RoiHints.DEFAULT_RADIUS;

    @Parameter(label = "Brush width (px)", min = "1", max = "10000", stepSize = "1",
            description = "width of a dragged stroke, in image pixels")
    private double brush = ColorHintTool.DEFAULT_BRUSH;

    @Parameter(label = "Reach (preview)",
            choices = {Reach.DEFAULT, Reach.WIDE, Reach.LOCAL, Reach.OFF}, required = false,
            description = RoiHints.REACH_DESCRIPTION)
    private String reach = Reach.DEFAULT;

    @Override
    public void run() {
        try {
            Colorizer c = null;
            if (preview) {
                c = colorizers.get(model, modelfile, device);
                if (!c.takesHints()) {
                    try {
                        c.requireHints();
                    } catch (ColorizerException e) {
                        warn("no live preview: " + e.getMessage());
                    }
                    c = null;
                } else {
                    c = c.withTile(0).withReach(reach, "reach");
                }
            }
            ColorHintTool tool = ColorHintTool.install(c, hintradius, brush);
            if (image != null && c != null && !RoiHints.find(image, RoiHints.Mode.AUTO, hintradius).isEmpty()) {
                tool.changed(image); // hints placed before: show them at once
            }
        } catch (ColorizerException e) {
            fail(e);
        } catch (Exception e) {
            cancel(label() + ": " + e);
        }
    }
}
