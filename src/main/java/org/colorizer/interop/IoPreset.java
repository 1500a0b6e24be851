package org.colorizer.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.color.Lab;

/**
 * A network's input/output convention, as data: which planes go into which input tensor, scaled how, and what
 * the output holds. The colorize pipeline makes the planes (the image's L*, hint planes) on its working grid and
 * hands them to {@link #encode}; {@link #decode} turns the network's output back into a*b* in Lab units.
 *
 * <p>Every preset but {@code colorizer} shows the network the whole image resized to a square S x S (aspect
 * squashed, as the published pipelines do); {@code colorizer} is this plugin's own convention (aspect kept,
 * tiles for huge images).
 */
public final class IoPreset {
    /** What a channel is made of, on the working grid. */
    public enum Source {
        /** L* in [0, 100]. */
        L,
        /** The gray sRGB value in [0, 1] of (L*, 0, 0): the grayscale image as RGB. */
        GRAY,
        /** A hint's a* / 110 (0 where no hint). */
        HINT_A,
        /** A hint's b* / 110 (0 where no hint). */
        HINT_B,
        /** 1 on hinted cells, 0 elsewhere. */
        HINT_MASK;

        boolean isHint() {
            return this != L && this != GRAY;
        }
    }

    /** One input channel: {@code source * mul / div + add}. */
    public static final class Channel {
        public final Source source;
        public final float mul;
        public final float div;
        public final float add;

        public Channel(Source source, float mul, float div, float add) {
            this.source = source;
            this.mul = mul;
            this.div = div;
            this.add = add;
        }

        static Channel of(Source source) {
            return new Channel(source, 1f, 1f, 0f);
        }

        float value(float v) {
            return v * mul / div + add;
        }
    }

    /** What the network's output holds (N x C x H' x W', any H' x W'). */
    public enum Output {
        /** a* / 110, b* / 110. */
        AB_110(2, "a*/110, b*/110"),
        /** a*, b* in Lab units. */
        AB(2, "a*, b* in Lab units"),
        /** sRGB in [0, 1]; its a*b* are kept (values are clamped to [0, 1] first). */
        RGB(3, "RGB in [0, 1]");

        public final int channels;
        public final String text;

        Output(int channels, String text) {
            this.channels = channels;
            this.text = text;
        }
    }

    /** The plugin's own convention (the built-in U-Net, and its ONNX export). */
    public static final String COLORIZER = "colorizer";

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final Map<String, IoPreset> PRESETS = new LinkedHashMap<>();

    static {
        add(new IoPreset("l-ab", "Zhang et al. 2016 (colorizers, eccv16)", "L* in [0, 100]",
                List.of(List.of(Channel.of(Source.L))), Output.AB, 256, true));
        add(new IoPreset("l-hints-ab", "Zhang et al. 2017 (colorizers siggraph17, ideepcolor)",
                "L* in [0, 100]; hint a*b* in Lab units (0 where no hint); hint mask (1 at hinted cells)",
                List.of(List.of(Channel.of(Source.L)),
                        List.of(new Channel(Source.HINT_A, 110f, 1f, 0f), new Channel(Source.HINT_B, 110f, 1f, 0f)),
                        List.of(Channel.of(Source.HINT_MASK))),
                Output.AB, 256, true));
        add(new IoPreset("grayrgb-ab", "DDColor's inference pipeline", "RGB in [0, 1] of (L*, 0, 0)",
                List.of(List.of(Channel.of(Source.GRAY), Channel.of(Source.GRAY), Channel.of(Source.GRAY))),
                Output.AB, 512, true));
        List<Channel> imagenet = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            imagenet.add(new Channel(Source.GRAY, 1f, IMAGENET_STD[c], -IMAGENET_MEAN[c] / IMAGENET_STD[c]));
        }
        add(new IoPreset("rgb-rgb", "DeOldify", "gray RGB in [0, 1], normalized by ImageNet mean and std",
                List.of(imagenet), Output.RGB, 560, true));
        add(colorizer(false));
    }

    public final String name;
    /** The published pipeline it matches. */
    public final String pipeline;
    /** The inputs in words. */
    public final String inputText;
    /** Input tensors in the network's order, each a list of channels. */
    public final List<List<Channel>> inputs;
    public final Output output;
    /** S: the side of the square the network sees (squashing presets), else the training size. */
    public final int defaultSize;
    /** Whether the whole image is resized to S x S (aspect squashed) rather than kept in proportion. */
    public final boolean squash;

    private IoPreset(String name, String pipeline, String inputText, List<List<Channel>> inputs, Output output,
            int defaultSize, boolean squash) {
        this.name = name;
        this.pipeline = pipeline;
        this.inputText = inputText;
        List<List<Channel>> copy = new ArrayList<>();
        for (List<Channel> t : inputs) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(t)));
        }
        this.inputs = Collections.unmodifiableList(copy);
        this.output = output;
        this.defaultSize = defaultSize;
        this.squash = squash;
    }

    private static void add(IoPreset p) {
        PRESETS.put(p.name, p);
    }

    /**
     * The plugin's own convention: one input of L* / 50 - 1 (then, for hint-aware networks, a* / 110, b* / 110
     * and the mask of the hints), output a* / 110, b* / 110; aspect kept.
     */
    public static IoPreset colorizer(boolean hints) {
        List<Channel> in = new ArrayList<>();
        in.add(new Channel(Source.L, 1f, 50f, -1f));
        if (hints) {
            in.add(Channel.of(Source.HINT_A));
            in.add(Channel.of(Source.HINT_B));
            in.add(Channel.of(Source.HINT_MASK));
        }
        return new IoPreset(COLORIZER, "this plugin's own networks",
                "L*/50-1" + (hints ? ", hint a*/110, b*/110, hint mask" : ""),
                List.of(in), Output.AB_110, 256, false);
    }

    /** The preset of this name (any case), or an error listing the names. */
    public static IoPreset named(String name, String what) {
        IoPreset p = name == null ? null : PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new ColorizerException(what + ": '" + name + "' is not a preset; use one of " + names());
        }
        return p;
    }

    /** The preset names, in order. */
    public static List<String> names() {
        return new ArrayList<>(PRESETS.keySet());
    }

    /** Whether the network takes color hints as inputs. */
    public boolean takesHints() {
        for (List<Channel> t : inputs) {
            for (Channel c : t) {
                if (c.source.isHint()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the pipeline takes color hints with this network: as inputs, or (published conventions without
     * hint inputs) through the spreading stage after it alone. The plugin's own networks need hint inputs.
     */
    public boolean acceptsHints() {
        return squash || takesHints();
    }

    /** Channels of input tensor {@code i}. */
    public int channels(int i) {
        return inputs.get(i).size();
    }

    /**
     * The input tensors for {@code n} planes of {@code h} x {@code w} cells: {@code l[j]} is plane j's L* (Lab
     * units), {@code hints[j]} its hint planes (a* / 110, b* / 110, mask; null = none).
     */
    public List<Tensor> encode(float[][] l, float[][][] hints, int n, int h, int w) {
        int plane = h * w;
        List<Tensor> out = new ArrayList<>();
        for (List<Channel> t : inputs) {
            int c = t.size();
            float[] data = new float[n * c * plane];
            for (int j = 0; j < n; j++) {
                float[] gray = null;
                for (int k = 0; k < c; k++) {
                    Channel ch = t.get(k);
                    int o = (j * c + k) * plane;
                    float[] src;
                    switch (ch.source) {
                        case L:
                            src = l[j];
                            break;
                        case GRAY:
                            if (gray == null) {
                                gray = gray(l[j]);
                            }
                            src = gray;
                            break;
                        case HINT_A:
                            src = hints[j] == null ? null : hints[j][0];
                            break;
                        case HINT_B:
                            src = hints[j] == null ? null : hints[j][1];
                            break;
                        default:
                            src = hints[j] == null ? null : hints[j][2];
                            break;
                    }
                    for (int p = 0; p < plane; p++) {
                        data[o + p] = ch.value(src == null ? 0f : src[p]);
                    }
                }
            }
            out.add(new Tensor(data, n, c, h, w));
        }
        return out;
    }

    private static float[] gray(float[] l) {
        float[] g = new float[l.length];
        for (int p = 0; p < l.length; p++) {
            g[p] = (float) Lab.lToIntensity(l[p]);
        }
        return g;
    }

    /**
     * a*b* in Lab units from the network's output for {@code n} planes: {@code [j][0]} = a*, {@code [j][1]} = b*,
     * each H' x W' as the output's last two dimensions.
     *
     * @throws ColorizerException naming {@code what} if the output's shape or values do not fit this preset
     */
    public float[][][] decode(Tensor out, int n, String what) {
        if (out.rank() != 4 || out.dim(0) != n || out.dim(1) != output.channels || out.dim(2) < 1 || out.dim(3) < 1) {
            throw new ColorizerException(what + ": the network's output has shape " + Arrays.toString(out.shape)
                    + "; the preset '" + name + "' expects N x " + output.channels + " x H x W (" + output.text
                    + ") for N = " + n + ". Check --io.");
        }
        int plane = out.dim(2) * out.dim(3);
        float[][][] ab = new float[n][2][plane];
        float[] d = out.data;
        for (int j = 0; j < n; j++) {
            int o = j * output.channels * plane;
            for (int p = 0; p < plane; p++) {
                if (output == Output.RGB) {
                    float r = d[o + p];
                    float g = d[o + plane + p];
                    float b = d[o + 2 * plane + p];
                    requireFinite(r + g + b, what);
                    double[] lab = Lab.linearToLab(lin(r), lin(g), lin(b));
                    ab[j][0][p] = (float) lab[1];
                    ab[j][1][p] = (float) lab[2];
                } else {
                    float a = d[o + p];
                    float b = d[o + plane + p];
                    requireFinite(a + b, what);
                    float k = output == Output.AB_110 ? 110f : 1f;
                    ab[j][0][p] = a * k;
                    ab[j][1][p] = b * k;
                }
            }
        }
        return ab;
    }

    private static double lin(float c) {
        return Lab.srgbToLinear(Math.min(1f, Math.max(0f, c)));
    }

    private static void requireFinite(float v, String what) {
        if (!Float.isFinite(v)) {
            throw new ColorizerException(what + ": the network's output holds values that are not finite (NaN or "
                    + "infinite); the network or its convention (--io) does not fit");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
