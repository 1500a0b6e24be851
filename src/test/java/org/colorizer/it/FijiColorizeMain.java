package org.colorizer.it;

import ai.onnxruntime.OrtEnvironment;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import java.io.File;
import org.colorizer.fiji.ColorizeImage;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Run by {@link FijiLayoutIT} in a JVM whose class path is a Fiji-like {@code jars/} folder laid out from the update
 * site (plus this class): runs Plugins > Colorization > Colorize through SciJava with the built-in model and, given
 * an imported ONNX model file, with that model too, and prints what it made and where the plugin, libtorch and ONNX
 * Runtime were loaded from.
 */
public final class FijiColorizeMain {
    private FijiColorizeMain() {}

    public static void main(String[] args) throws Exception {
        int status = 0;
        Context context = new Context();
        try {
            byte[] px = new byte[48 * 32];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (i * 7 % 256);
            }
            ImagePlus imp = new ImagePlus("gray", new ByteProcessor(48, 32, px));
            CommandModule m = context.service(CommandService.class).run(ColorizeImage.class, true, "image", imp,
                    "model", "general", "device", "cpu").get();
            if (m.isCanceled()) {
                System.out.println("canceled: " + m.getCancelReason());
                status = 1;
            } else {
                ImagePlus out = (ImagePlus) m.getOutput("output");
                System.out.println("colorized: " + out.getTitle() + " " + out.getWidth() + "x" + out.getHeight()
                        + " rgb=" + (out.getType() == ImagePlus.COLOR_RGB));
            }
            if (args.length > 0 && status == 0) {
                CommandModule imported = context.service(CommandService.class).run(ColorizeImage.class, true,
                        "image", imp, "model", "file", "modelfile", new File(args[0]), "device", "cpu", "tile", 0,
                        "strength", 1f, "hints", "auto").get();
                if (imported.isCanceled()) {
                    System.out.println("canceled: " + imported.getCancelReason());
                    status = 1;
                } else {
                    ImagePlus out = (ImagePlus) imported.getOutput("output");
                    System.out.println("imported: " + out.getTitle() + " " + out.getWidth() + "x" + out.getHeight()
                            + " rgb=" + (out.getType() == ImagePlus.COLOR_RGB) + " colored=" + colored(out));
                }
                System.out.println("onnx runtime from: "
                        + OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation());
                System.out.println("onnx runtime library from: "
                        + OrtEnvironment.class.getResource("/ai/onnxruntime/native/linux-x64/libonnxruntime.so"));
            }
            System.out.println("plugin from: "
                    + ColorizeImage.class.getProtectionDomain().getCodeSource().getLocation());
            System.out.println("libtorch from: " + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        } finally {
            context.dispose();
        }
        System.exit(status);
    }

    /** Pixels whose channels differ by more than 8 levels. */
    private static int colored(ImagePlus imp) {
        int count = 0;
        for (int p : (int[]) imp.getProcessor().getPixels()) {
            int r = (p >> 16) & 255;
            int g = (p >> 8) & 255;
            int b = p & 255;
            count += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 8 ? 1 : 0;
        }
        return count;
    }
}
