package org.colorizer.fiji;

import java.io.File;
import org.colorizer.ColorizerException;
import org.colorizer.interop.IoPreset;
import org.colorizer.interop.NetworkImport;
import org.colorizer.modelfile.ModelDescription;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > Import Network: a TorchScript or ONNX colorization network and its convention as a
 * model file, which Colorize, Colorize Folder and the Hint Tool then take as <em>Model file</em> (as
 * {@code convert --import}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Import Network", headless = true,
        label = "Import Network", description = "Make a model file of a TorchScript or ONNX colorization network")
public final class ImportNetwork extends ContextCommand {

    @Parameter(label = "Network (.pt or .onnx)", style = "open")
    private File network;

    @Parameter(label = "Convention", choices = {"l-ab", "l-hints-ab", "grayrgb-ab", "rgb-rgb", IoPreset.COLORIZER},
            description = "l-ab: Zhang et al. 2016 (eccv16); l-hints-ab: Zhang et al. 2017 (siggraph17, takes hints); "
                    + "grayrgb-ab: DDColor; rgb-rgb: DeOldify; colorizer: this plugin's own (its ONNX export)")
    private String io = "l-ab";

    @Parameter(label = "Size the network sees (0 = the convention's)", min = "0", max = "4096",
            description = "the square side S: 256 for l-ab and l-hints-ab, 512 for grayrgb-ab, 560 for rgb-rgb")
    private int iosize = 0;

    @Parameter(label = "Name (optional)", required = false, persist = false)
    private String name = "";

    @Parameter(label = "Model file to write (.zip)", style = "save")
    private File output;

    @Parameter(required = false)
    private LogService log;

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    @Override
    public void run() {
        try {
            if (network == null) {
                throw new ColorizerException("network: choose the TorchScript (.pt) or ONNX (.onnx) file");
            }
            if (output == null) {
                throw new ColorizerException("output: choose where to write the model file (.zip)");
            }
            ModelDescription d = NetworkImport.run(network.toPath(), io, iosize, name, output.toPath());
            summary = "Wrote " + output + ": " + d.network.format + " network '" + d.name + "', convention "
                    + d.network.io + ", size " + d.network.size + ". Use it as Model = file in Colorize.";
            if (log != null) {
                log.info("Import Network: " + summary);
            }
        } catch (ColorizerException e) {
            if (log != null) {
                log.error("Import Network: " + e.getMessage());
            }
            cancel(e.getMessage());
        }
    }
}
