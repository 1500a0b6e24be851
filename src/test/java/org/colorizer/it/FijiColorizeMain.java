package org.colorizer.it;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import org.colorizer.fiji.ColorizeImage;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Run by {@link FijiLayoutIT} in a JVM whose class path is a Fiji-like {@code jars/} folder laid out from the update
 * site (plus this class): runs Plugins > Colorization > Colorize through SciJava with the built-in model and prints
 * what it made and where the plugin and libtorch were loaded from.
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
            System.out.println("plugin from: "
                    + ColorizeImage.class.getProtectionDomain().getCodeSource().getLocation());
            System.out.println("libtorch from: " + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
        } finally {
            context.dispose();
        }
        System.exit(status);
    }
}
