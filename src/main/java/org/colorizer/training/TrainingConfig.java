package org.colorizer.training;

import java.util.Locale;
import org.colorizer.ColorizerException;
import org.colorizer.hints.HintSimulation;
import org.colorizer.model.ModelConfig;

/**
 * Every option of a training run in one place: the architecture ({@link ModelConfig}) plus losses, optimizer,
 * schedule and data settings. Stored inside the model file, so that a model says how it was made.
 * Fluent like DJL's configs: {@code new TrainingConfig().optEpochs(20).optBatch(8)}.
 */
public final class TrainingConfig {

    /** Adversarial loss. */
    public enum GanLoss {
        /** binary cross-entropy on logits (the paper). */
        VANILLA,
        /** least squares (Mao et al. 2017). */
        LSGAN;

        public static GanLoss parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ColorizerException("gan: unknown loss '" + s + "'; use vanilla or lsgan");
            }
        }
    }

    private ModelConfig model = new ModelConfig();
    private GanLoss gan = GanLoss.VANILLA;
    private float lambdaL1 = 100f;
    private float learningRate = 2e-4f;
    /** Discriminator learning rate; NaN means "same as the generator's". */
    private float discriminatorLearningRate = Float.NaN;
    private float beta1 = 0.5f;
    private float beta2 = 0.999f;
    /** Target for "real" in the discriminator loss (1 = none; 0.9 = one-sided label smoothing). */
    private float realLabel = 1f;
    /** Weight of the adversarial term relative to L1 is set by lambdaL1; this scales the GAN term (1 = paper). */
    private float ganWeight = 1f;
    /** Exponential moving average of the generator's weights (0 = off, else e.g. 0.999). */
    private float emaDecay = 0f;
    private int batch = 8;
    private int epochs = 10;
    /** Epochs of L1-only training before the GAN phase. */
    private int pretrainEpochs = 0;
    /**
     * The first this many steps of the GAN phase train the discriminator alone on the frozen generator's output, so
     * that a fine-tune's generator meets a trained discriminator instead of an untrained one (0 = off).
     */
    private int discriminatorWarmupSteps = 0;
    /**
     * For a hint fine-tune: every crop is also shown without hints, and there it learns the starting generator's
     * own output (run as at inference) instead of the true colors, so that the model keeps its automatic colors
     * while it learns hints ("learning without forgetting", Li and Hoiem 2016). With hints it learns the truth.
     */
    private boolean keepAutomatic = false;
    /**
     * The last this many epochs lower both learning rates linearly to zero, step by step (pix2pix's
     * {@code n_epochs_decay}); 0 = constant rates.
     */
    private int lrDecayEpochs = 0;
    /** Steps per epoch; 0 means one pass over the training images. */
    private int stepsPerEpoch = 0;
    /** Checkpoint every this many steps (and at each epoch end). */
    private int checkpointEvery = 200;
    /** Fraction of the training folder held out for validation when no validation folder is given. */
    private float validationFraction = 0.05f;
    private long seed = 42;
    /**
     * Random crops: if {@code cropRelative}, the crop side is a fraction in [cropMin, cropMax] of the image's
     * short side (photos: whole scenes at varied zoom); otherwise it is size * [cropMin, cropMax] source pixels
     * (microscopy: tissue at its native scale, so that colorizing uses tiles of that scale).
     */
    private boolean cropRelative = true;
    private float cropMin = 0.6f;
    private float cropMax = 1.0f;
    /** Background decoding threads (0 = automatic). */
    private int loaderThreads = 0;
    /** How training simulates color hints for a hint-aware model ({@link ModelConfig#takesHints}). */
    private HintSimulation hintSimulation = new HintSimulation();

    public TrainingConfig optModel(ModelConfig model) { this.model = model; return this; }
    public TrainingConfig optGan(GanLoss gan) { this.gan = gan; return this; }
    public TrainingConfig optLambdaL1(float v) { this.lambdaL1 = v; return this; }
    public TrainingConfig optLearningRate(float v) { this.learningRate = v; return this; }
    public TrainingConfig optDiscriminatorLearningRate(float v) { this.discriminatorLearningRate = v; return this; }
    public TrainingConfig optBeta1(float v) { this.beta1 = v; return this; }
    public TrainingConfig optBeta2(float v) { this.beta2 = v; return this; }
    public TrainingConfig optRealLabel(float v) { this.realLabel = v; return this; }
    public TrainingConfig optDiscriminatorWarmupSteps(int v) { this.discriminatorWarmupSteps = v; return this; }
    public TrainingConfig optKeepAutomatic(boolean v) { this.keepAutomatic = v; return this; }
    public TrainingConfig optGanWeight(float v) { this.ganWeight = v; return this; }
    public TrainingConfig optEmaDecay(float v) { this.emaDecay = v; return this; }
    public TrainingConfig optBatch(int v) { this.batch = v; return this; }
    public TrainingConfig optEpochs(int v) { this.epochs = v; return this; }
    public TrainingConfig optPretrainEpochs(int v) { this.pretrainEpochs = v; return this; }
    public TrainingConfig optLrDecayEpochs(int v) { this.lrDecayEpochs = v; return this; }
    public TrainingConfig optStepsPerEpoch(int v) { this.stepsPerEpoch = v; return this; }
    public TrainingConfig optCheckpointEvery(int v) { this.checkpointEvery = v; return this; }
    public TrainingConfig optValidationFraction(float v) { this.validationFraction = v; return this; }
    public TrainingConfig optSeed(long v) { this.seed = v; return this; }
    public TrainingConfig optLoaderThreads(int v) { this.loaderThreads = v; return this; }
    public TrainingConfig optHintSimulation(HintSimulation v) { this.hintSimulation = v; return this; }
    /** Crop side as a fraction of the short side ({@code relative}) or as a multiple of the size in pixels. */
    public TrainingConfig optCrop(boolean relative, float min, float max) {
        this.cropRelative = relative;
        this.cropMin = min;
        this.cropMax = max;
        return this;
    }

    public ModelConfig getModel() { return model; }
    public GanLoss getGan() { return gan; }
    public float getLambdaL1() { return lambdaL1; }
    public float getLearningRate() { return learningRate; }
    public float getDiscriminatorLearningRate() {
        return Float.isNaN(discriminatorLearningRate) ? learningRate : discriminatorLearningRate;
    }
    public float getBeta1() { return beta1; }
    public float getBeta2() { return beta2; }
    public float getRealLabel() { return realLabel; }
    public int getDiscriminatorWarmupSteps() { return discriminatorWarmupSteps; }
    public boolean isKeepAutomatic() { return keepAutomatic; }
    public float getGanWeight() { return ganWeight; }
    public float getEmaDecay() { return emaDecay; }
    public int getBatch() { return batch; }
    public int getEpochs() { return epochs; }
    public int getPretrainEpochs() { return pretrainEpochs; }
    public int getLrDecayEpochs() { return lrDecayEpochs; }

    /**
     * Factor on both learning rates before step {@code step} (0-based) of a run of {@code totalSteps}: 1 until
     * the last {@link #getLrDecayEpochs} epochs, then falling linearly so that the last step uses
     * {@code 1 / decaySteps}.
     */
    public double learningRateFactor(long step, long totalSteps, long stepsPerEpoch) {
        long decaySteps = Math.min(totalSteps, (long) lrDecayEpochs * stepsPerEpoch);
        long left = totalSteps - step;
        if (decaySteps <= 0 || left > decaySteps) {
            return 1;
        }
        return Math.max(0, (double) left / decaySteps);
    }
    public int getStepsPerEpoch() { return stepsPerEpoch; }
    public int getCheckpointEvery() { return checkpointEvery; }
    public float getValidationFraction() { return validationFraction; }
    public long getSeed() { return seed; }
    public int getLoaderThreads() { return loaderThreads; }
    /** The hint simulation settings (never null; used only when the model takes hints). */
    public HintSimulation getHintSimulation() {
        return hintSimulation == null ? new HintSimulation() : hintSimulation;
    }
    public boolean isCropRelative() { return cropRelative; }
    public float getCropMin() { return cropMin; }
    public float getCropMax() { return cropMax; }

    /** Checks every value; the message names the parameter and says what to do. */
    public TrainingConfig validate() {
        if (model == null) {
            throw new ColorizerException("model: missing architecture");
        }
        model.validate();
        positive("batch", batch, 4096);
        positive("epochs", epochs, 1_000_000);
        if (pretrainEpochs < 0 || pretrainEpochs > epochs) {
            throw new ColorizerException("pretrain-epochs: " + pretrainEpochs + " must be between 0 and epochs ("
                    + epochs + ")");
        }
        if (lrDecayEpochs < 0 || lrDecayEpochs > epochs) {
            throw new ColorizerException("lr-decay-epochs: " + lrDecayEpochs + " must be between 0 (off) and epochs ("
                    + epochs + ")");
        }
        if (stepsPerEpoch < 0) {
            throw new ColorizerException("steps-per-epoch: " + stepsPerEpoch + " must be 0 (one pass) or positive");
        }
        positive("checkpoint-every", checkpointEvery, Integer.MAX_VALUE);
        finitePositive("learning rate", learningRate);
        finitePositive("discriminator learning rate", getDiscriminatorLearningRate());
        if (!(lambdaL1 >= 0 && Float.isFinite(lambdaL1))) {
            throw new ColorizerException("lambda-l1: " + lambdaL1 + " must be a finite number >= 0");
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new ColorizerException("beta1/beta2: must be in [0, 1)");
        }
        if (discriminatorWarmupSteps < 0) {
            throw new ColorizerException("d-warmup-steps: " + discriminatorWarmupSteps + " must be 0 (off) or positive");
        }
        if (keepAutomatic && !model.takesHints()) {
            throw new ColorizerException("keep-automatic: the model takes no color hints, so there is nothing to "
                    + "keep apart; train with hints (--hints, or Color hints in Train Colorizer) from the model whose "
                    + "automatic colors to keep");
        }
        if (!(realLabel > 0.5f && realLabel <= 1f)) {
            throw new ColorizerException("real-label: " + realLabel + " must be in (0.5, 1]");
        }
        if (!(ganWeight >= 0 && Float.isFinite(ganWeight))) {
            throw new ColorizerException("gan-weight: " + ganWeight + " must be a finite number >= 0");
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new ColorizerException("ema: " + emaDecay + " must be in [0, 1) (0 = off)");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new ColorizerException("validation fraction: " + validationFraction + " must be in [0, 1)");
        }
        if (cropRelative ? !(cropMin > 0 && cropMin <= cropMax && cropMax <= 1)
                : !(cropMin > 0 && cropMin <= cropMax && cropMax <= 64)) {
            throw new ColorizerException("crop: " + cropMin + ".." + cropMax + " is not valid; use 0 < min <= max <= 1 "
                    + "(fraction of the short side) or, in pixel mode, 0 < min <= max <= 64 (times the size)");
        }
        if (gan == null) {
            throw new ColorizerException("gan: missing; use vanilla or lsgan");
        }
        getHintSimulation().validate();
        return this;
    }

    private static void positive(String name, int v, int max) {
        if (v <= 0 || v > max) {
            throw new ColorizerException(name + ": " + v + " must be a positive whole number"
                    + (max < Integer.MAX_VALUE ? " up to " + max : ""));
        }
    }

    private static void finitePositive(String name, float v) {
        if (!(v > 0 && Float.isFinite(v))) {
            throw new ColorizerException(name + ": " + v + " must be a positive number");
        }
    }
}
