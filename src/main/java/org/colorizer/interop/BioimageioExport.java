package org.colorizer.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.colorizer.ColorizerException;
import org.colorizer.Version;
import org.colorizer.color.Lab;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.ImageFiles;
import org.colorizer.io.RgbImage;
import org.colorizer.model.ModelConfig;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;

/**
 * A model as a bioimage.io model package (format 0.5.4): {@code rdf.yaml}, {@code weights.onnx} (the generator
 * with the lightness input only), test tensors in .npy, a cover (gray | colorized), a README and the model file's
 * description. The package's input is CIE L* (0..100, one channel); its preprocessing ({@code scale_linear},
 * gain 0.02, offset -1) gives the network's L/50 - 1, and its postprocessing ({@code scale_linear}, gain 110) turns
 * the network's output into CIE a*, b*. Written to a folder, or to a zip when the target ends in {@code .zip}.
 */
public final class BioimageioExport {
    public static final String FORMAT_VERSION = "0.5.4";
    public static final String RDF = "rdf.yaml";
    public static final String WEIGHTS = "weights.onnx";
    public static final String TEST_INPUT = "test_input.npy";
    public static final String TEST_OUTPUT = "test_output.npy";
    public static final String COVER = "cover.png";
    public static final String README = "README.md";
    public static final String DESCRIPTION = "colorizer.json";
    /** Gain and offset of the input's preprocessing: L* to L/50 - 1. */
    public static final float INPUT_GAIN = 0.02f;
    public static final float INPUT_OFFSET = -1f;
    /** Gain of the output's postprocessing: the network's a* / 110 and b* / 110 to a*, b*. */
    public static final float OUTPUT_GAIN = 110f;
    /**
     * Default license of a package (SPDX): non-commercial, the conservative reading of the training data's terms
     * (see MODEL.md); the built-in 'he' also share-alike, as its data (MoNuSeg, CC BY-NC-SA 4.0).
     */
    public static String defaultLicense(ModelDescription d) {
        return HE.equals(d.name) ? "CC-BY-NC-SA-4.0" : "CC-BY-NC-4.0";
    }

    private static final String HE = "he";
    /** The training data of the built-in 'he', whose license asks for attribution. */
    private static final String MONUSEG = "Kumar N, Verma R, Sharma S, Bhargava S, Vahadane A, Sethi A. A Dataset and a "
            + "Technique for Generalized Nuclear Segmentation for Computational Pathology. IEEE Transactions on Medical "
            + "Imaging 36(7), 2017 (MoNuSeg, the training data).";
    private static final String MONUSEG_DOI = "10.1109/TMI.2017.2677499";
    /** The authors as the project's CITATION.cff names them. */
    private static final String AUTHORS = "Colorizer developers";
    /** Largest side of the test tensors (pixels). */
    private static final int MAX_TEST_SIDE = 256;

    private BioimageioExport() {}

    /** What the caller may set. */
    public static final class Options {
        /** Image for the test tensors and the cover (null: a synthetic scene). */
        public Path sample;
        /** SPDX license identifier of the package (null: {@link #defaultLicense}). */
        public String license;
        /** The project's page, cited beside pix2pix (null: cited by name only). */
        public String url;
    }

    /** What was written. */
    public static final class Result {
        public final Map<String, byte[]> files;
        /** ONNX Runtime on the package's weights vs the DJL generator, on the test input (a* b* units). */
        public final OnnxExport.Difference difference;
        public final int side;

        Result(Map<String, byte[]> files, OnnxExport.Difference difference, int side) {
            this.files = files;
            this.difference = difference;
            this.side = side;
        }
    }

    /**
     * Writes the package of {@code contents}' generator to {@code target} (a new or empty folder, or a .zip file
     * that is replaced atomically); {@code what} names the model in messages.
     */
    public static Result write(ModelFile.Contents contents, String what, Path target, Options options) {
        boolean zip = target.getFileName() != null
                && target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        if (!zip) {
            checkFolder(target);
        }
        Result r = build(contents, what, options);
        if (zip) {
            AtomicFiles.write(target, out -> {
                ZipOutputStream z = new ZipOutputStream(out);
                for (Map.Entry<String, byte[]> e : r.files.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTime(0);
                    z.putNextEntry(entry);
                    z.write(e.getValue());
                    z.closeEntry();
                }
                z.finish();
                z.flush();
            });
        } else {
            writeFolder(target, r.files);
        }
        return r;
    }

    /** The package's files in memory (rdf.yaml last: it records the others' checksums). */
    public static Result build(ModelFile.Contents contents, String what, Options options) {
        String license = options.license == null || options.license.isBlank() ? defaultLicense(contents.description)
                : options.license.trim();
        if (!license.matches("[A-Za-z0-9.+-]+")) {
            throw new ColorizerException("license: '" + license + "' is not an SPDX identifier (such as CC-BY-4.0 or "
                    + "MIT)");
        }
        if (options.url != null && !options.url.matches("https?://\\S+")) {
            throw new ColorizerException("url: '" + options.url + "' is not an http(s) address");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (OnnxExport e = OnnxExport.openLightnessOnly(contents, what)) {
            ModelConfig cfg = contents.description.model;
            int m = cfg.getSizeMultiple();
            int side = Math.max(m, Math.min(cfg.getSize(), MAX_TEST_SIDE) / m * m);
            float[] l = lightness(options.sample, side);
            float[] x = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                x[i] = l[i] * INPUT_GAIN + INPUT_OFFSET;
            }
            byte[] onnx = e.toOnnx();
            float[] ab = e.forward(x, 1, side, side);
            float[] ort = OnnxRuntimeRun.run(onnx, x, new long[] {1, 1, side, side}, what);
            float[] out = new float[ab.length];
            float[] ortOut = new float[ab.length];
            for (int i = 0; i < ab.length; i++) {
                out[i] = ab[i] * OUTPUT_GAIN;
                ortOut[i] = ort[i] * OUTPUT_GAIN;
            }
            OnnxExport.Difference d = OnnxExport.difference(out, ortOut);
            checkAgreement(d, what);
            files.put(WEIGHTS, onnx);
            files.put(TEST_INPUT, Npy.float32(new long[] {1, 1, side, side}, l));
            files.put(TEST_OUTPUT, Npy.float32(new long[] {1, 2, side, side}, out));
            files.put(COVER, cover(l, out, side));
            files.put(DESCRIPTION, ModelFile.gson().toJson(e.description()).getBytes(StandardCharsets.UTF_8));
            files.put(README, readme(contents.description, e, side, d, options).getBytes(StandardCharsets.UTF_8));
            files.put(RDF, rdf(contents.description, m, files, license, options.url).getBytes(StandardCharsets.UTF_8));
            return new Result(files, d, side);
        }
    }

    /** Refuses an export that ONNX Runtime does not reproduce (1e-4 of the output range, at least 1e-4 a*b* units). */
    static void checkAgreement(OnnxExport.Difference d, String what) {
        if (!(d.maxAbs <= 1e-4 * Math.max(d.range, 1))) {
            throw new ColorizerException(what + ": the exported ONNX graph does not reproduce the network under ONNX "
                    + "Runtime (" + d + "); nothing was written. Please report this with the model file.");
        }
    }

    // ------------------------------------------------------------------------------------------ test image

    /** L* (0..100) of a side x side image: the sample (centre square, area-resized) or a synthetic scene. */
    static float[] lightness(Path sample, int side) {
        float[] l = new float[side * side];
        if (sample == null) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double u = (x + 0.5) / side;
                    double v = (y + 0.5) / side;
                    double value = 35 + 45 * (1 - v) + 8 * Math.sin(9 * u + 4 * v); // sky to ground, gentle waves
                    if (Math.hypot(u - 0.32, v - 0.42) < 0.17) {
                        value = 72 - 25 * Math.hypot(u - 0.28, v - 0.36); // a shaded ball
                    }
                    if (u > 0.58 && u < 0.86 && v > 0.5 && v < 0.9) {
                        value = 28 + 20 * u; // a box
                    }
                    l[y * side + x] = (float) Math.max(0, Math.min(100, value));
                }
            }
            return l;
        }
        RgbImage img = ImageFiles.readRgb(sample);
        int s = Math.min(img.width(), img.height());
        int x0 = (img.width() - s) / 2;
        int y0 = (img.height() - s) / 2;
        int[] square = new int[s * s];
        for (int y = 0; y < s; y++) {
            System.arraycopy(img.argb(), (y0 + y) * img.width() + x0, square, y * s, s);
        }
        RgbImage small = new RgbImage(s, s, square).areaResize(side, side);
        Lab.rgbToL(small.argb(), 0, side * side, l, 0);
        return l;
    }

    /** gray | colorized, side by side (2:1), PNG. */
    static byte[] cover(float[] l, float[] ab, int side) {
        int plane = side * side;
        int[] argb = new int[2 * plane];
        float[] a = Arrays.copyOfRange(ab, 0, plane);
        float[] b = Arrays.copyOfRange(ab, plane, 2 * plane);
        int[] gray = new int[plane];
        int[] color = new int[plane];
        Lab.lToGrayArgb(l, 0, plane, gray, 0);
        Lab.labToRgb(l, a, b, 0, plane, color, 0);
        for (int y = 0; y < side; y++) {
            System.arraycopy(gray, y * side, argb, y * 2 * side, side);
            System.arraycopy(color, y * side, argb, y * 2 * side + side, side);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageFiles.writePng(png, argb, 2 * side, side);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory PNG", e);
        }
        return png.toByteArray();
    }

    // ------------------------------------------------------------------------------------------ texts

    /** A bioimage.io name: letters, digits, underscore, minus, parentheses and spaces, at most 64 characters. */
    static String packageName(ModelDescription d) {
        String base = "Colorizer pix2pix " + (d.name == null || d.name.isBlank() ? "model" : d.name.trim());
        String clean = base.replaceAll("[^A-Za-z0-9_() -]", "_");
        return clean.length() > 64 ? clean.substring(0, 64).trim() : clean;
    }

    static String rdf(ModelDescription d, int multiple, Map<String, byte[]> files, String license, String url) {
        ModelConfig cfg = d.model;
        Yaml y = new Yaml();
        y.line("# bioimage.io model description, written by Colorizer " + Version.get());
        y.key("type", "model");
        y.key("format_version", FORMAT_VERSION);
        y.keyQuoted("name", packageName(d));
        y.keyQuoted("description", "Colorizes grayscale images: a pix2pix U-Net predicts CIE a*b* from L*. "
                + "Combine its a*b* with the image's own full-resolution L* (see README).");
        y.line("authors:");
        y.line("  - name: " + Yaml.quote(AUTHORS));
        y.line("cite:");
        y.line("  - text: " + Yaml.quote("Isola P, Zhu J-Y, Zhou T, Efros AA. Image-to-Image Translation with "
                + "Conditional Adversarial Networks. CVPR 2017."));
        y.line("    doi: " + Yaml.quote("10.1109/CVPR.2017.632"));
        y.line("  - text: " + Yaml.quote("Colorizer: pix2pix colorization for Fiji, version " + Version.get() + "."));
        if (url != null) {
            y.line("    url: " + Yaml.quote(url));
        }
        if (HE.equals(d.name)) {
            y.line("  - text: " + Yaml.quote(MONUSEG));
            y.line("    doi: " + Yaml.quote(MONUSEG_DOI));
        }
        y.keyQuoted("license", license);
        y.keyQuoted("documentation", README);
        y.line("covers:");
        y.line("  - " + Yaml.quote(COVER));
        y.line("tags: [colorization, colorisation, pix2pix, u-net, gan, 2d, onnx, fiji]");
        y.keyQuoted("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        y.line("attachments:");
        y.line("  - source: " + Yaml.quote(DESCRIPTION));
        y.line("    sha256: " + ModelFile.sha256(files.get(DESCRIPTION)));
        y.line("inputs:");
        y.line("  - id: input");
        y.line("    description: " + Yaml.quote("CIE L* (D65) of the grayscale image, 0 to 100; for 8-bit gray v, L* is "
                + "the lightness of the sRGB color (v, v, v). Sides multiples of " + multiple + "."));
        y.line("    axes:");
        y.line("      - type: batch");
        y.line("      - type: channel");
        y.line("        channel_names: [L]");
        for (String axis : new String[] {"y", "x"}) {
            y.line("      - type: space");
            y.line("        id: " + axis);
            y.line("        size: {min: " + multiple + ", step: " + multiple + "}");
        }
        y.line("    test_tensor:");
        y.line("      source: " + Yaml.quote(TEST_INPUT));
        y.line("      sha256: " + ModelFile.sha256(files.get(TEST_INPUT)));
        y.line("    data:");
        y.line("      type: float32");
        y.line("      range: [0.0, 100.0]");
        y.line("    preprocessing:");
        y.line("      - id: scale_linear");
        y.line("        kwargs: {gain: " + INPUT_GAIN + ", offset: " + INPUT_OFFSET + "}");
        y.line("outputs:");
        y.line("  - id: ab");
        y.line("    description: " + Yaml.quote("CIE a* and b* (D65) at the input's resolution. Recombine them with the "
                + "full-resolution L* of the original image: upsample a*b* (bilinear) if the input was reduced, then "
                + "convert L*a*b* to RGB."));
        y.line("    axes:");
        y.line("      - type: batch");
        y.line("      - type: channel");
        y.line("        channel_names: [a, b]");
        for (String axis : new String[] {"y", "x"}) {
            y.line("      - type: space");
            y.line("        id: " + axis);
            y.line("        size: {tensor_id: input, axis_id: " + axis + "}");
        }
        y.line("    test_tensor:");
        y.line("      source: " + Yaml.quote(TEST_OUTPUT));
        y.line("      sha256: " + ModelFile.sha256(files.get(TEST_OUTPUT)));
        y.line("    data:");
        y.line("      type: float32");
        y.line("      range: [-110.0, 110.0]");
        y.line("    postprocessing:");
        y.line("      - id: scale_linear");
        y.line("        kwargs: {gain: " + OUTPUT_GAIN + ", offset: 0.0}");
        y.line("weights:");
        y.line("  onnx:");
        y.line("    source: " + Yaml.quote(WEIGHTS));
        y.line("    sha256: " + ModelFile.sha256(files.get(WEIGHTS)));
        y.line("    opset_version: " + OnnxExport.OPSET);
        y.line("    comment: " + Yaml.quote("Written by Colorizer " + Version.get() + " (convert --export-bioimageio) "
                + "from the model '" + (d.name == null ? "unnamed" : d.name) + "' (" + cfg + ")"
                + (cfg.takesHints() ? ", without its color-hint inputs (the colors it gives without hints)" : "")
                + "."));
        y.line("config:");
        y.line("  colorizer:");
        y.line("    size_multiple: " + multiple);
        y.line("    training_size: " + cfg.getSize());
        y.line("    working_size: " + (d.workingSize > 0 ? d.workingSize : cfg.getSize()));
        return y.toString();
    }

    private static String license(Options options, ModelDescription d) {
        return options.license == null || options.license.isBlank() ? defaultLicense(d) : options.license.trim();
    }

    static String readme(ModelDescription d, OnnxExport e, int side, OnnxExport.Difference diff, Options options) {
        ModelConfig cfg = d.model;
        int working = d.workingSize > 0 ? d.workingSize : cfg.getSize();
        StringBuilder s = new StringBuilder();
        s.append("# ").append(packageName(d)).append("\n\n");
        s.append("Colorizes grayscale images. A pix2pix U-Net generator (Isola et al. 2017) predicts the CIE a*b* "
                + "chroma of an image from its CIE L* lightness; the colorized image is that a*b* combined with the "
                + "image's own L*. Made with Colorizer, a Fiji plugin, from its model '")
                .append(d.name == null ? "unnamed" : d.name).append("'.\n\n");
        s.append("## Input and output\n\n");
        s.append("- input `input`: float32, batch x 1 x H x W, CIE L* (D65) from 0 to 100. H and W must be multiples "
                + "of ").append(e.sizeMultiple()).append(". For an 8-bit gray value v, L* is the lightness of the sRGB "
                + "color (v, v, v); 16-bit or float images: scale to 0..100 first (Colorizer stretches the 0.1 and "
                + "99.9 percentiles).\n");
        s.append("- preprocessing `scale_linear` (gain 0.02, offset -1): the network sees L*/50 - 1.\n");
        s.append("- output `ab`: float32, batch x 2 x H x W, CIE a* and b*, after the postprocessing `scale_linear` "
                + "(gain 110) of the network's tanh output a*/110, b*/110.\n\n");
        s.append("## Recombining a*b* with the full-resolution L*\n\n");
        s.append("The network was trained at ").append(cfg.getSize()).append(" px; Colorizer shows it whole images at ")
                .append(working).append(" px on the long side (padded to a multiple of ").append(e.sizeMultiple())
                .append("), upsamples the predicted a*b* bilinearly to the original size and keeps the original, "
                + "unscaled L*. Do the same: reduce the image, predict a*b*, enlarge a*b* (not the colorized image), "
                + "then convert L*a*b* to RGB. For example in Python (numpy, onnxruntime, scikit-image):\n\n");
        s.append("```python\n");
        s.append("import numpy as np, onnxruntime as ort\n");
        s.append("from skimage import color, io, transform\n\n");
        s.append("gray = io.imread('image.png', as_gray=True)             # a gray image\n");
        s.append("L = color.rgb2lab(np.dstack([gray] * 3))[..., 0]        # L* 0..100, full resolution\n");
        s.append("m, side = ").append(e.sizeMultiple()).append(", ").append(working).append("\n");
        s.append("h, w = L.shape\n");
        s.append("k = side / max(h, w)\n");
        s.append("gh, gw = [max(m, int(round(v * k / m)) * m) for v in (h, w)]\n");
        s.append("x = transform.resize(L, (gh, gw), anti_aliasing=True).astype(np.float32)\n");
        s.append("net = ort.InferenceSession('weights.onnx')\n");
        s.append("ab = net.run(None, {'input': (x * 0.02 - 1)[None, None]})[0][0] * 110   # 2 x gh x gw\n");
        s.append("ab = np.stack([transform.resize(c, (h, w), order=1) for c in ab], axis=-1)\n");
        s.append("rgb = color.lab2rgb(np.dstack([L, ab]))\n");
        s.append("io.imsave('colorized.png', (rgb * 255).round().astype(np.uint8))\n");
        s.append("```\n\n");
        s.append("(Colorizer pads to the multiple rather than stretching; the stretch above changes the aspect "
                + "ratio a little and is undone when a*b* is enlarged.)\n\n");
        if (cfg.takesHints()) {
            s.append("The Colorizer model takes color hints; this package holds it without its hint inputs, so it "
                    + "gives the colors the model gives without hints. The plugin's ONNX export (`convert MODEL "
                    + "--export-onnx`) keeps them.\n\n");
        }
        s.append("## Model\n\n");
        s.append("| | |\n|---|---|\n");
        s.append("| architecture | U-Net, ").append(cfg.getLevels()).append(" levels, ").append(cfg.getFilters())
                .append(" filters in the first layer, ").append(cfg.getUpsampling() == ModelConfig.Upsampling.TRANSPOSED
                        ? "transposed convolutions" : "nearest-neighbour resize and 3x3 convolutions")
                .append(" to upsample, tanh output |\n");
        s.append("| training size | ").append(cfg.getSize()).append(" px |\n");
        s.append("| trained | ").append(d.epochs).append(" epochs, ").append(d.steps).append(" steps |\n");
        if (d.data != null && d.data.trainingImages > 0) {
            s.append("| training images | ").append(d.data.trainingImages).append(" |\n");
        }
        s.append("| weights | ").append(WEIGHTS).append(", ONNX opset ").append(OnnxExport.OPSET)
                .append(", float32 |\n\n");
        s.append("The model file's own description is attached as `").append(DESCRIPTION).append("`.\n\n");
        s.append("## Validation\n\n");
        if (d.metrics != null && !d.metrics.isEmpty()) {
            s.append("Validation figures recorded when the model was trained (held-out images of its training "
                    + "data):\n\n");
            for (Map.Entry<String, Double> m : d.metrics.entrySet()) {
                s.append("- ").append(m.getKey()).append(": ")
                        .append(String.format(Locale.ROOT, "%.4g", m.getValue())).append('\n');
            }
            s.append('\n');
        } else {
            s.append("The model file records no validation figures.\n\n");
        }
        s.append("To validate on unseen images: colorize grayscale versions of color images and compare with the "
                + "originals (PSNR and SSIM of the RGB images, colorfulness); Colorizer's `evaluate` command does "
                + "this for a folder of color images.\n\n");
        s.append("The test tensors are a ").append(side).append(" x ").append(side).append(" image (")
                .append(options.sample == null ? "a synthetic scene" : "a sample photograph, centre square")
                .append("); `test_output.npy` is the original network's output (DJL, PyTorch), and ONNX Runtime on "
                        + "`weights.onnx` reproduces it within ")
                .append(String.format(Locale.ROOT, "%.2g", diff.maxAbs)).append(" a*b* units.\n\n");
        s.append("## License and terms\n\n");
        s.append("The package is marked ").append(license(options, d)).append(". The weights are a product of "
                + "training on images whose terms are mostly research and education, non-commercial; the "
                + "conservative reading is that these terms carry over to the weights. Colorizer's code is "
                + "BSD-2-Clause.\n\n");
        s.append("## Citation\n\n");
        s.append("- Isola P, Zhu J-Y, Zhou T, Efros AA. Image-to-Image Translation with Conditional Adversarial "
                + "Networks. CVPR 2017. doi:10.1109/CVPR.2017.632\n");
        s.append("- Colorizer: pix2pix colorization for Fiji").append(options.url == null ? "" : ", " + options.url)
                .append('\n');
        if (HE.equals(d.name)) {
            s.append("- ").append(MONUSEG).append(" doi:").append(MONUSEG_DOI).append('\n');
        }
        return s.toString();
    }

    /** Plain YAML lines; strings that need it in double quotes. */
    static final class Yaml {
        private final StringBuilder b = new StringBuilder();

        void line(String s) {
            b.append(s).append('\n');
        }

        void key(String k, String plain) {
            line(k + ": " + plain);
        }

        void keyQuoted(String k, String text) {
            line(k + ": " + quote(text));
        }

        static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    q.append('\\').append(c);
                } else if (c < 0x20) {
                    q.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    q.append(c);
                }
            }
            return q.append('"').toString();
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }

    // ------------------------------------------------------------------------------------------ writing

    private static void checkFolder(Path target) {
        if (Files.isRegularFile(target)) {
            throw new ColorizerException("export-bioimageio: " + target + " is a file; give a new folder, or a "
                    + "name ending in .zip");
        }
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
                if (s.iterator().hasNext()) {
                    throw new ColorizerException("export-bioimageio: the folder " + target + " is not empty; give "
                            + "a new folder (nothing in it was changed)");
                }
            } catch (IOException e) {
                throw new ColorizerException("export-bioimageio: cannot read the folder " + target + ": "
                        + e.getMessage());
            }
        }
    }

    /** Fills a hidden folder beside {@code target}, then renames it: the package appears complete or not at all. */
    private static void writeFolder(Path target, Map<String, byte[]> files) {
        Path dir = target.toAbsolutePath().normalize();
        Path tmp = dir.resolveSibling("." + dir.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
        boolean done = false;
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(tmp);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(tmp.resolve(e.getKey()), e.getValue());
            }
            if (Files.isDirectory(dir)) {
                Files.delete(dir); // empty, checked before
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (IOException e) {
            throw new ColorizerException("Could not write the bioimage.io package " + dir + ": " + e
                    + ". Check that the folder is writable and the disk has free space.");
        } finally {
            if (!done) {
                deleteQuietly(tmp, files);
            }
        }
    }

    private static void deleteQuietly(Path tmp, Map<String, byte[]> files) {
        try {
            for (String name : files.keySet()) {
                Files.deleteIfExists(tmp.resolve(name));
            }
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a hidden .tmp folder is left; nothing else was touched
        }
    }
}
