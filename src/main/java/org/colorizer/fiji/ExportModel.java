package org.colorizer.fiji;

import java.io.File;
import org.colorizer.ColorizerException;
import org.colorizer.interop.BioimageioExport;
import org.colorizer.interop.OnnxExport;
import org.colorizer.modelfile.BuiltinModels;
import org.colorizer.modelfile.ModelFile;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins > Colorization > Export Model: a built-in or trained model as an ONNX network or as a bioimage.io model
 * package (for deepImageJ, QuPath, ilastik), as {@code convert --export-onnx} and {@code --export-bioimageio} do.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Colorization>Export Model", headless = true,
        label = "Export Model", description = "Write a model as ONNX or as a bioimage.io model package")
public final class ExportModel extends ContextCommand {
    static final String ONNX = "ONNX network (.onnx)";
    static final String BIOIMAGEIO = "bioimage.io package (.zip or folder)";

    @Parameter(label = "Model", choices = {"general", "he", ColorizerService.FROM_FILE})
    private String model = "general";

    @Parameter(label = "Model file", required = false, style = "open")
    private File modelfile;

    @Parameter(label = "Format", choices = {ONNX, BIOIMAGEIO})
    private String format = ONNX;

    @Parameter(label = "File to write", style = "save")
    private File output;

    @Parameter(required = false)
    private LogService log;

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    @Override
    public void run() {
        try {
            if (output == null) {
                throw new ColorizerException("output: choose the file to write");
            }
            String spec = ColorizerService.FROM_FILE.equals(model)
                    ? (modelfile == null ? "" : modelfile.getPath()) : model;
            if (spec.isEmpty()) {
                throw new ColorizerException("modelfile: 'Model' is 'file' but no model file is given");
            }
            String builtin = BuiltinModels.builtinName(spec);
            String what = builtin != null ? "built-in model '" + builtin + "'" : "Model file " + spec;
            ModelFile.Contents contents = BuiltinModels.readNamedOrFile(spec);
            if (BIOIMAGEIO.equals(format)) {
                BioimageioExport.Result r = BioimageioExport.write(contents, what, output.toPath(),
                        new BioimageioExport.Options());
                summary = "Wrote " + output + ": a bioimage.io package of " + r.files.size() + " files ("
                        + String.join(", ", r.files.keySet()) + "); its test tensors agree with this plugin's network: "
                        + r.difference;
            } else {
                OnnxExport.Written w = OnnxExport.writeChecked(contents, what, output.toPath());
                summary = "Wrote " + output + ": ONNX opset " + OnnxExport.OPSET + ", input N x " + w.inputChannels
                        + " x H x W (H, W multiples of " + w.sizeMultiple + "); ONNX Runtime agrees with this plugin's "
                        + "network: " + w.difference;
            }
            if (log != null) {
                log.info("Export Model: " + summary);
            }
        } catch (ColorizerException e) {
            if (log != null) {
                log.error("Export Model: " + e.getMessage());
            }
            cancel(e.getMessage());
        }
    }
}
