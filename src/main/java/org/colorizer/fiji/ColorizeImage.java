package org.colorizer.fiji;

import ij.ImagePlus;
import java.io.File;
import org.colorizer.ColorizerException;
import org.colorizer.colorize.Colorizer;
import org.colorizer.colorize.ImageColorizer;
import org.colorizer.hints.Reach;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > Colorize: colorizes the active image (8/16/32-bit gray, RGB, stacks) into a new RGB
 * image titled "TITLE (colorized)" with the input's calibration. Macro:
 * {@code run("Colorize", "model=general modelfile=[] device=cpu tile=0 strength=1 hints=auto hintradius=3 reach=default");}
 *
 * <p>Color hints ({@link RoiHints}): {@code hints=auto} (the default) uses the point and area ROIs named
 * "hint..." in the image's overlay and the ROI Manager, when there are any; {@code hints=all} every point and
 * area ROI there, whatever its name; {@code hints=off} none. A point hint covers a disk of {@code hintradius}
 * pixels. The output keeps copies of the hint ROIs as its overlay, so the work can be repeated and edited.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Colorize", headless = true,
        label = "Colorize", description = "Colorize a grayscale image with a pix2pix GAN")
public final class ColorizeImage extends ColorizerCommand {

    @Parameter(label = "Image")
    private ImagePlus image;

    @Parameter(label = "Model", choices = {"general", "he", ColorizerService.FROM_FILE},
            description = "built-in model (general: photos; he: H&E tissue) or a model file")
    private String model = "general";

    @Parameter(label = "Model file", required = false, style = "open",
            description = "a .zip written by Train Colorizer (used when Model is 'file')")
    private File modelfile;

    @Parameter(label = "Device", choices = {"cpu", "gpu"})
    private String device = "cpu";

    @Parameter(label = "Tile size (px; 0 = auto, -1 = whole image)", min = "-1")
    private int tile = 0;

    @Parameter(label = "Color strength", min = "0", max = "3", stepSize = "0.1",
            description = "scales the predicted colors: 1 = as predicted, 0 = gray")
    private float strength = 1f;

    @Parameter(label = "Color hints (ROIs)", choices = {"auto", "off", "all"}, required = false,
            description = "auto: point and area ROIs named 'hint...' in the overlay and ROI Manager, when there are "
                    + "any; all: every point and area ROI there; off: no hints")
    private String hints = RoiHints.Mode.AUTO.key;

    @Parameter(label = "Point hint radius (px)", min = "0", max = "10000", stepSize = "1", required = false,
            description = "the disk a point hint covers, in image pixels")
    private double hintradius = RoiHints.DEFAULT_RADIUS;

    @Parameter(label = "Reach",
            choices = {Reach.DEFAULT, Reach.WIDE, Reach.LOCAL, Reach.OFF}, required = false,
            description = RoiHints.REACH_DESCRIPTION)
    private String reach = Reach.DEFAULT;

    // A path, not a File: an unset optional File would be the command's only unresolved File input whenever the
    // model is built in, and SciJava then opens a file chooser (or, headless, cancels). Not remembered: a macro or a
    // later run without it must not pick up an earlier run's reference.
    @Parameter(label = "Reference colors: image file (optional)", required = false, persist = false,
            description = RoiHints.REFERENCE_DESCRIPTION)
    private String reference = "";

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus output;

    @Override
    public void run() {
        try {
            if (image == null) {
                throw new ColorizerException("image: no image; open one first");
            }
            RoiHints.Found found = RoiHints.find(image, RoiHints.Mode.parse(hints), hintradius);
            for (String w : found.warnings()) {
                warn(w);
            }
            Colorizer c = colorizers.get(model, modelfile, device);
            if (!found.isEmpty()) {
                c.requireHints(); // the clear message, before any work
            }
            ImageColorizer.Progress progress = (done, total) -> progress(done, total, "Colorizing " + image.getTitle()
                    + (found.isEmpty() ? "" : " with " + found.rois().size() + " hint ROIs"));
            Colorizer view = c.with(strength, tile);
            if (!found.isEmpty()) {
                view = view.withReach(reach, "reach");
            }
            view = withReference(view, reference);
            output = found.isEmpty() ? ImageColorizer.colorize(view, image, progress)
                    : ImageColorizer.colorizeWithHints(view, image, found.all(), progress);
            if (!found.isEmpty()) {
                output.setOverlay(RoiHints.copies(found.rois()));
            }
            clearStatus();
        } catch (ColorizerException e) {
            fail(e);
        }
    }

    public ImagePlus getOutput() {
        return output;
    }
}
