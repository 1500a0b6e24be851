package org.colorizer.modelfile;

import com.google.gson.annotations.SerializedName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.hints.HintSpread;
import org.colorizer.model.ModelConfig;
import org.colorizer.training.TrainingConfig;

/**
 * The JSON description inside a model file ({@code colorizer.json}): everything needed to rebuild the network
 * and to know how it was made. Plain fields, written and read with Gson; no Java serialization.
 */
public final class ModelDescription {
    public static final String FORMAT = "colorizer-model";
    /** Bump when a reader of the previous version could not read the new files. */
    public static final int FORMAT_VERSION = 1;
    /** Largest working size (long side of the whole-image grid) a model file may record. */
    public static final int MAX_WORKING_SIZE = 4096;

    public String format = FORMAT;
    public int formatVersion = FORMAT_VERSION;
    /** "model" (for colorizing) or "checkpoint" (adds discriminator and optimizer state, for --resume). */
    public String kind = "model";
    /** Short name of a built-in model ("general", "he"), else null. */
    public String name;
    public String projectVersion;
    /** ISO-8601 creation time. */
    public String created;
    public ModelConfig model;
    public TrainingConfig training;
    /** How tensors encode colors: the network sees L/50-1 and predicts ab/110, CIE Lab with D65 white. */
    public String colorEncoding = "CIE Lab D65; input L/50-1; output a*b*/110";
    /** Default normalization of 16/32-bit input applied by Colorize (8-bit and RGB need none). */
    public String normalization = "percentile 0.1 99.9";
    public DataSummary data = new DataSummary();
    public int epochs;
    public long steps;
    /** Final validation metrics (keys like val_l1, val_psnr, val_colorfulness). */
    public Map<String, Double> metrics = new LinkedHashMap<>();
    public WeightsInfo weights = new WeightsInfo();
    /**
     * Colorize's automatic tiling for this model: input pixels per network tile (0 = whole image scaled to the
     * model's size). Models trained on crops at native scale (microscopy) colorize in tiles of that scale.
     */
    public int tile;
    /** Colorize's long side in whole-image mode (0 = the training size), at most {@link #MAX_WORKING_SIZE}. */
    public int workingSize;
    /**
     * The reach "default": how Colorize spreads color hints after the network (hint-aware models; null =
     * {@link HintSpread#standard()}). Written as {@code reach}; files that say {@code hintSpread} still read.
     */
    @SerializedName(value = "reach", alternate = "hintSpread")
    public HintSpread hintSpread;
    /**
     * The reach "wide": hints spread by likeness too (null = {@link HintSpread#standardWide()}). Written as
     * {@code reachWide}; files that say {@code hintSpreadWide} still read.
     */
    @SerializedName(value = "reachWide", alternate = "hintSpreadWide")
    public HintSpread hintSpreadWide;
    /** A network imported from TorchScript or ONNX, and its convention; null for the built-in U-Net. */
    public ImportedNetwork network;
    /** Training time in seconds, summed over resumed parts. */
    public double trainingSeconds;
    /** For a mean of several models' weights ({@code convert A B ...}): each one's name and epochs. */
    public List<String> averageOf;

    /** Returns {@code pixels} if it is a valid working size (0 = the model's default), else throws. */
    public static int checkWorkingSize(int pixels) {
        if (pixels < 0 || pixels > MAX_WORKING_SIZE) {
            throw new ColorizerException("working size: " + pixels + " must be between 0 (the "
                    + "model's default) and " + MAX_WORKING_SIZE);
        }
        return pixels;
    }

    /** What the model was trained on. */
    public static final class DataSummary {
        public String trainingFolder;
        public String validationFolder;
        public int trainingImages;
        public int validationImages;
        public int skippedFiles;
    }

    /** An imported network: its bytes are stored unchanged in the entry {@link #entry}. */
    public static final class ImportedNetwork {
        public static final String TORCHSCRIPT = "torchscript";
        public static final String ONNX = "onnx";

        /** {@value #TORCHSCRIPT} or {@value #ONNX}. */
        public String format;
        /** The model file entry holding the network's bytes. */
        public String entry;
        /** The input/output convention (a preset name: l-ab, l-hints-ab, grayrgb-ab, rgb-rgb, colorizer). */
        public String io;
        /** S: the square side the network sees (the training size for the colorizer convention). */
        public int size;
        /** colorizer convention: the hint planes after L (0 or 3). */
        public int hintChannels;
        /** colorizer convention: the network's height and width must be multiples of this. */
        public int sizeMultiple = 1;
        /** The imported file's name and SHA-256 (lowercase hex) of its bytes. */
        public String source;
        public String sha256;
    }

    /** Where the weights are and how they are stored. */
    public static final class WeightsInfo {
        public String entry = ModelFile.GENERATOR_ENTRY;
        /** float32 or float16. */
        public String dtype = "float32";
        public long parameters;
        public int tensors;
        /** SHA-256 of the weights entry, lowercase hex. */
        public String sha256;
    }
}
