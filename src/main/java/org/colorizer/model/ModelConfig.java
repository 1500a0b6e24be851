package org.colorizer.model;

import java.util.Locale;
import java.util.Objects;
import org.colorizer.ColorizerException;

/**
 * Architecture of a colorizer: the pix2pix U-Net generator (L -> a*b*) and its 70x70 PatchGAN discriminator.
 * Everything needed to rebuild the networks from a model file; fluent like DJL's configs ({@code opt*}).
 *
 * <p>The paper's 256 px model is {@code new ModelConfig().optSize(256).optLevels(8).optFilters(64)}.
 */
public final class ModelConfig {

    /** How the decoder doubles resolution. */
    public enum Upsampling {
        /** 4x4 stride-2 transposed convolution, as in the paper. */
        TRANSPOSED,
        /** nearest-neighbour resize, then a 3x3 convolution (avoids checkerboard artifacts). */
        RESIZE_CONV;

        public static Upsampling parse(String s) {
            String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (n.equals("RESIZE") || n.equals("RESIZECONV")) {
                return RESIZE_CONV;
            }
            try {
                return valueOf(n);
            } catch (IllegalArgumentException e) {
                throw new ColorizerException("upsampling: unknown kind '" + s + "'; use transposed or resize-conv");
            }
        }
    }

    /** Working size in pixels (square); the network sees images whose long side is this size. */
    private int size = 256;
    /** U-Net depth: number of stride-2 down-sampling steps; the input size must be divisible by 2^levels. */
    private int levels = 7;
    /** Filters of the first encoder layer ("ngf"); doubles per level up to 8x. */
    private int filters = 32;
    /** Dropout rate in the innermost decoder layers (pix2pix: 0.5 in the three innermost ones). */
    private float dropout = 0.5f;
    /** Number of innermost decoder layers with dropout. */
    private int dropoutLayers = 3;
    private Upsampling upsampling = Upsampling.TRANSPOSED;
    /** PatchGAN: number of stride-2 layers (3 gives the 70x70 receptive field). */
    private int discriminatorLayers = 3;
    /** PatchGAN: filters of its first layer ("ndf"). */
    private int discriminatorFilters = 64;
    /**
     * Color hints the generator sees beside L (Zhang et al. 2017): 0 = none (L only, the first model files);
     * {@value #HINT_CHANNELS} = the hints' a*, b* (scaled as the a*b* output, 0 where there is no hint) and a mask.
     */
    private int hintChannels = 0;

    /** Channels of a hint-aware generator's hint input: a*, b*, mask. */
    public static final int HINT_CHANNELS = 3;

    public ModelConfig optSize(int size) { this.size = size; return this; }
    public ModelConfig optLevels(int levels) { this.levels = levels; return this; }
    public ModelConfig optFilters(int filters) { this.filters = filters; return this; }
    public ModelConfig optDropout(float dropout) { this.dropout = dropout; return this; }
    public ModelConfig optDropoutLayers(int n) { this.dropoutLayers = n; return this; }
    public ModelConfig optUpsampling(Upsampling upsampling) { this.upsampling = upsampling; return this; }
    public ModelConfig optDiscriminatorLayers(int n) { this.discriminatorLayers = n; return this; }
    public ModelConfig optDiscriminatorFilters(int n) { this.discriminatorFilters = n; return this; }
    /** {@code true}: the generator takes color hints ({@value #HINT_CHANNELS} more input channels). */
    public ModelConfig optHints(boolean hints) { this.hintChannels = hints ? HINT_CHANNELS : 0; return this; }

    public int getSize() { return size; }
    public int getLevels() { return levels; }
    public int getFilters() { return filters; }
    public float getDropout() { return dropout; }
    public int getDropoutLayers() { return dropoutLayers; }
    public Upsampling getUpsampling() { return upsampling; }
    public int getDiscriminatorLayers() { return discriminatorLayers; }
    public int getDiscriminatorFilters() { return discriminatorFilters; }
    public int getHintChannels() { return hintChannels; }
    public boolean takesHints() { return hintChannels > 0; }
    /** Input channels of the generator: L, then the hint channels. */
    public int getGeneratorInputChannels() { return 1 + hintChannels; }

    /** Smallest side length the generator accepts, and the multiple every input side must be. */
    public int getSizeMultiple() { return 1 << levels; }

    /**
     * Checks the values before anything is allocated; the message names the parameter and says what to do.
     *
     * @return this
     */
    public ModelConfig validate() {
        if (levels < 2 || levels > 10) {
            throw new ColorizerException("levels: " + levels + " is out of range; use 2 to 10 (the paper uses 8 at 256 px)");
        }
        if (filters < 1 || filters > 1024) {
            throw new ColorizerException("filters: " + filters + " is out of range; use 1 to 1024 (the paper uses 64)");
        }
        if (size < 16 || size > 8192) {
            throw new ColorizerException("size: " + size + " is out of range; use 16 to 8192 pixels");
        }
        if (size % getSizeMultiple() != 0) {
            throw new ColorizerException("size: " + size + " must be a multiple of 2^levels = " + getSizeMultiple()
                    + "; choose another size or fewer levels");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new ColorizerException("dropout: " + dropout + " must be in [0, 1)");
        }
        if (dropoutLayers < 0 || dropoutLayers > levels) {
            throw new ColorizerException("dropoutLayers: " + dropoutLayers + " must be in [0, levels]");
        }
        if (discriminatorLayers < 1 || discriminatorLayers > 6 || discriminatorFilters < 1 || discriminatorFilters > 1024) {
            throw new ColorizerException("discriminator: layers must be 1 to 6 and filters 1 to 1024");
        }
        if (hintChannels != 0 && hintChannels != HINT_CHANNELS) {
            throw new ColorizerException("hintChannels: " + hintChannels + " must be 0 (no hints) or " + HINT_CHANNELS);
        }
        if (upsampling == null) {
            throw new ColorizerException("upsampling: missing; use transposed or resize-conv");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelConfig)) {
            return false;
        }
        ModelConfig c = (ModelConfig) o;
        return size == c.size && levels == c.levels && filters == c.filters && dropout == c.dropout
                && dropoutLayers == c.dropoutLayers && upsampling == c.upsampling
                && discriminatorLayers == c.discriminatorLayers && discriminatorFilters == c.discriminatorFilters
                && hintChannels == c.hintChannels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, levels, filters, dropout, dropoutLayers, upsampling,
                discriminatorLayers, discriminatorFilters, hintChannels);
    }

    @Override
    public String toString() {
        return "size=" + size + " levels=" + levels + " filters=" + filters + " upsampling="
                + upsampling.name().toLowerCase(Locale.ROOT) + " dropout=" + dropout + "x" + dropoutLayers
                + " D=" + discriminatorLayers + "x" + discriminatorFilters + (hintChannels > 0 ? " hints" : "");
    }
}
