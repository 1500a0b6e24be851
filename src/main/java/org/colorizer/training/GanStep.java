package org.colorizer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.model.ConvCheck;
import org.colorizer.model.ForwardOptions;
import org.colorizer.model.Networks;
import org.colorizer.model.TorchOps;

/**
 * One pix2pix optimisation step (as the reference's {@code optimize_parameters}): generator forward; discriminator
 * update on (L, real ab) and (L, detached fake); generator update on {@code ganWeight * GAN(D(L, fake), real) +
 * lambdaL1 * L1(fake, real)} against the just-updated discriminator. Optimizers are {@link Adam}s owned here.
 *
 * <ul>
 *   <li>Discriminator during the generator step: its parameters do not record gradients (weights and gradients
 *       stay bit for bit), and its BatchNorm layers use batch statistics without updating their running
 *       statistics (the reference would update them a third time; they are never used, since the discriminator
 *       only runs in training mode).
 *   <li>GAN targets: the discriminator's real target is {@code realLabel} (one-sided label smoothing when below 1),
 *       fake is 0; the generator aims at 1.
 *   <li>Dropout masks come from a Java RNG seeded by (seed, step), so a resumed run repeats the same masks.
 *   <li>Before each update all gradients and the loss are checked; if anything is non-finite, that update is
 *       skipped ({@link StepLosses#skipped}): the weights, and the BatchNorm running statistics the forward
 *       passes moved, stay as they were.
 *   <li>{@link TrainingConfig#isKeepAutomatic}: every crop is shown twice, with its hints and without any; a
 *       frozen copy of the generator as it was when the run began (the teacher; saved with the optimizer state, so
 *       a resumed run keeps the same one) colors the crops without hints as at inference, and that is their L1
 *       target instead of the truth. The discriminator still sees the truth as real.
 * </ul>
 */
public final class GanStep implements AutoCloseable {
    private static final float ADAM_EPS = 1e-8f;
    private final Block generator;
    private final Block discriminator;
    private final TrainingConfig config;
    private final NDManager manager;
    private final Adam adamG;
    private final Adam adamD;
    /** With an {@link TrainingConfig#getEmaDecay} above 0: the average of the generator's weights; else null. */
    private final GeneratorCopy ema;
    /** With {@link TrainingConfig#isKeepAutomatic}: the generator as it was when the run began; else null. */
    private final GeneratorCopy teacher;
    private long stepCount;

    /**
     * @param generator initialized generator ({@link Networks#initialize})
     * @param discriminator initialized discriminator
     * @param manager the optimizer state (and the EMA copy) live in a sub-manager of it until {@link #close}
     */
    public GanStep(Block generator, Block discriminator, TrainingConfig config, NDManager manager) {
        config.validate();
        if (!generator.isInitialized() || !discriminator.isInitialized()) {
            throw new IllegalArgumentException("initialize both networks first (Networks.initialize)");
        }
        this.generator = generator;
        this.discriminator = discriminator;
        this.config = config;
        this.manager = manager.newSubManager();
        adamG = new Adam("G", generator, config.getLearningRate(), config.getBeta1(), config.getBeta2(), ADAM_EPS,
                this.manager);
        adamD = new Adam("D", discriminator, config.getDiscriminatorLearningRate(), config.getBeta1(),
                config.getBeta2(), ADAM_EPS, this.manager);
        ema = config.getEmaDecay() > 0 ? GeneratorCopy.ema(generator, config.getModel(), this.manager) : null;
        teacher = config.isKeepAutomatic() ? GeneratorCopy.frozen(generator, config.getModel(), this.manager) : null;
    }

    /** The frozen starting generator of {@link TrainingConfig#isKeepAutomatic}, or null; for tests. */
    Block teacher() {
        return teacher == null ? null : teacher.block();
    }

    /**
     * The L1 target of a keep-automatic step's doubled batch: the crops with their hints learn the truth (those drawn
     * without any, the teacher's output), then all of them again without hints learn the teacher's output. The
     * teacher runs once per crop, as at inference, without gradients.
     */
    private NDArray keepAutomaticTarget(NDArray l, NDArray hints, NDArray ab, NDManager sm) {
        try (TorchOps.GradMode off = TorchOps.gradMode(false)) {
            NDArray own = teacher.block().forward(new ParameterStore(sm, false),
                    new NDList(generatorInput(l, null, sm)), false).singletonOrThrow();
            NDArray none = hints.get(new NDIndex(":, 2:3")).sum(new int[] {1, 2, 3}, true).eq(0f)
                    .toType(DataType.FLOAT32, false);
            return ab.add(own.sub(ab).mul(none)).concat(own, 0);
        }
    }

    /**
     * The start-up known-answer check of the convolutions (see {@link ConvCheck}): one forward pass of both
     * networks at the training shapes ({@code n} x {@code size} x {@code size}) with gradients on, so that every
     * convolution shape of a step is checked before the first step. Inference mode: no weight, statistic or
     * random state changes.
     *
     * @return the check's report
     * @throws org.colorizer.ColorizerException if libtorch computes wrong numbers that cannot be avoided
     */
    public ConvCheck.Report checkConvolutions(int n, int size) {
        return ConvCheck.networks(generator, discriminator, config.getModel(), n, size, manager);
    }

    /** One optimisation step on a batch; gan=false means the L1-only pretraining phase (no D update). */
    public StepLosses step(NDArray l, NDArray ab, boolean gan) {
        return run(l, null, ab, gan, true, true);
    }

    /**
     * As {@link #step(NDArray, NDArray, boolean)} for a hint-aware generator: {@code hints} is N x 3 x H x W
     * (a* / 110, b* / 110, mask). The discriminator sees L and a*b* only.
     */
    public StepLosses step(NDArray l, NDArray hints, NDArray ab, boolean gan) {
        return run(l, hints, ab, gan, true, true);
    }

    /** The generator half of a GAN step only (no discriminator update); for tests. */
    StepLosses generatorStepOnly(NDArray l, NDArray ab) {
        return run(l, null, ab, true, false, true);
    }

    /**
     * The discriminator half only: D learns on (L, real a*b*) against the generator's output while the generator
     * (weights, running statistics, EMA copy) stays bit for bit; the L1 loss is reported, not optimized. For a
     * discriminator warm-up before a fine-tune ({@link TrainingConfig#getDiscriminatorWarmupSteps}).
     */
    public StepLosses discriminatorStep(NDArray l, NDArray hints, NDArray ab) {
        return run(l, hints, ab, true, true, false);
    }

    /** The generator's input: L, then the hint planes if the generator takes hints (zeros if none are given). */
    private NDArray generatorInput(NDArray l, NDArray hints, NDManager sm) {
        int hc = config.getModel().getHintChannels();
        if (hc == 0) {
            if (hints != null) {
                throw new IllegalArgumentException("this generator takes no hints");
            }
            return l;
        }
        Shape s = l.getShape();
        NDArray h = hints != null ? hints : sm.zeros(new Shape(s.get(0), hc, s.get(2), s.get(3)));
        Shape hs = h.getShape();
        if (hs.dimension() != 4 || hs.get(1) != hc || hs.get(0) != s.get(0) || hs.get(2) != s.get(2)
                || hs.get(3) != s.get(3)) {
            throw new IllegalArgumentException("hints must be N x " + hc + " x H x W like L " + s + "; got " + hs);
        }
        return NDArrays.concat(new NDList(l, h), 1);
    }

    /**
     * The step (the reference's {@code optimize_parameters}): generator forward, then the discriminator's update if
     * {@code gan && updateD}, then the generator's if {@code updateG} (with the adversarial term if {@code gan}).
     */
    private StepLosses run(NDArray l, NDArray hints, NDArray ab, boolean gan, boolean updateD, boolean updateG) {
        checkBatch(l, ab);
        long seed = ForwardOptions.mix(config.getSeed(), stepCount);
        stepCount++;
        try (NDManager sm = manager.newSubManager()) {
            Batch b = batch(l, hints, ab, updateG, sm);
            NDArray gIn = generatorInput(b.l, b.hints, sm);
            // running statistics change in the forward passes: restored if the update is skipped
            List<NDArray> statsG = runningStats(generator, sm);
            List<NDArray> statsD = runningStats(discriminator, sm);
            NDArray fake = forwardG(gIn, seed, updateG, sm);
            double dLoss = 0;
            boolean skipD = false;
            if (gan && updateD) {
                adamD.zeroGradients();
                dLoss = backwardD(b, fake, sm).getFloat();
                skipD = skipOrUpdate(adamD, Double.isFinite(dLoss), discriminator, statsD, sm);
            }
            if (!updateG) {
                restoreRunningStats(generator, statsG); // the generator's forward pass moved them
                double l1Value = fake.sub(b.ab).abs().mean().getFloat();
                return new StepLosses(dLoss, 0, l1Value, skipD, false);
            }
            adamG.zeroGradients();
            NDList losses = backwardG(b, fake, gan, sm);
            double l1Value = losses.get(0).getFloat();
            double advValue = gan ? losses.get(1).getFloat() : 0;
            boolean skipG = skipOrUpdate(adamG, Double.isFinite(l1Value) && Double.isFinite(advValue), generator,
                    statsG, sm);
            if (!skipG) {
                updateEma(sm);
            }
            return new StepLosses(dLoss, advValue, l1Value, skipD, skipG);
        }
    }

    /** A step's arrays in its scope: L, the hint planes (or null), the true a*b*, and the generator's L1 target. */
    private static final class Batch {
        final NDArray l;
        final NDArray hints;
        final NDArray ab;
        final NDArray target;

        Batch(NDArray l, NDArray hints, NDArray ab, NDArray target) {
            this.l = l;
            this.hints = hints;
            this.ab = ab;
            this.target = target;
        }
    }

    /**
     * The caller's arrays, attached to the step's scope {@code sm} until it closes. With a keep-automatic teacher
     * and hints, the batch is doubled (every crop again without hints) and the target is the teacher's (see
     * {@link #keepAutomaticTarget}; computed only when the generator learns).
     */
    private Batch batch(NDArray l, NDArray hints, NDArray ab, boolean updateG, NDManager sm) {
        l.tempAttach(sm);
        ab.tempAttach(sm);
        if (hints != null) {
            hints.tempAttach(sm);
        }
        if (teacher == null || hints == null) {
            return new Batch(l, hints, ab, ab);
        }
        NDArray target = updateG ? keepAutomaticTarget(l, hints, ab, sm) : ab;
        // every crop again without hints; the new arrays live in sm
        NDArray l2 = l.concat(l, 0);
        NDArray ab2 = ab.concat(ab, 0);
        NDArray hints2 = hints.concat(hints.zerosLike(), 0);
        return new Batch(l2, hints2, ab2, target);
    }

    /** The generator's forward pass in training mode; a discriminator-only step records no graph for it. */
    private NDArray forwardG(NDArray gIn, long seed, boolean recordGraph, NDManager sm) {
        try (TorchOps.GradMode on = TorchOps.gradMode(recordGraph)) {
            return generator.forward(new ParameterStore(sm, false), new NDList(gIn), true,
                    ForwardOptions.of(seed, false)).singletonOrThrow();
        }
    }

    /**
     * The discriminator's loss {@code (GAN(D(L, real), realLabel) + GAN(D(L, fake), 0)) / 2} on the detached fake,
     * backpropagated into its gradients (the reference's {@code backward_D}).
     */
    private NDArray backwardD(Batch b, NDArray fake, NDManager sm) {
        try (TorchOps.GradMode on = TorchOps.gradMode(true)) {
            ParameterStore ps = new ParameterStore(sm, false);
            NDArray predReal = discriminator.forward(ps, pair(b.l, b.ab), true).singletonOrThrow();
            NDArray predFake = discriminator.forward(ps, pair(b.l, fake.stopGradient()), true).singletonOrThrow();
            NDArray loss = ganLoss(predReal, config.getRealLabel()).add(ganLoss(predFake, 0f))
                    .mul(TorchOps.scalar(sm, 0.5f));
            backward(loss);
            return loss;
        }
    }

    /**
     * The generator's loss {@code lambdaL1 * L1(fake, target)}, plus {@code ganWeight * GAN(D(L, fake), 1)} if
     * {@code gan}, backpropagated into its gradients while the discriminator's parameters record none (the
     * reference's {@code backward_G}). Returns the L1 term, then the adversarial term if {@code gan}.
     */
    private NDList backwardG(Batch b, NDArray fake, boolean gan, NDManager sm) {
        NDList terms = new NDList();
        adamD.setRequiresGradient(false);
        try (TorchOps.GradMode on = TorchOps.gradMode(true)) {
            NDArray l1 = fake.sub(b.target).abs().mean();
            terms.add(l1);
            NDArray loss = l1.mul(TorchOps.scalar(sm, config.getLambdaL1()));
            if (gan) {
                NDArray pred = discriminator.forward(new ParameterStore(sm, false), pair(b.l, fake), true,
                        ForwardOptions.of(null, true)).singletonOrThrow();
                NDArray adv = ganLoss(pred, 1f);
                terms.add(adv);
                loss = loss.add(adv.mul(TorchOps.scalar(sm, config.getGanWeight())));
            }
            backward(loss);
        } finally {
            adamD.setRequiresGradient(true);
        }
        return terms;
    }

    /**
     * Applies {@code adam}'s update, unless the loss or a gradient is not finite: then {@code net}'s running
     * statistics go back to {@code stats} instead. Returns whether the update was skipped.
     */
    private static boolean skipOrUpdate(Adam adam, boolean lossFinite, Block net, List<NDArray> stats,
            NDManager sm) {
        boolean skip = !lossFinite || !adam.gradientsFinite(sm);
        if (skip) {
            restoreRunningStats(net, stats);
        } else {
            adam.update(sm);
        }
        return skip;
    }

    private static List<NDArray> runningStats(Block b, NDManager sm) {
        List<NDArray> copies = new ArrayList<>();
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                copies.add(TorchOps.into(p.getValue().getArray().duplicate(), sm));
            }
        }
        return copies;
    }

    private static void restoreRunningStats(Block b, List<NDArray> copies) {
        int i = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (!p.getValue().requiresGradient()) {
                TorchOps.copyInto(copies.get(i++), p.getValue().getArray());
            }
        }
    }

    private static void checkBatch(NDArray l, NDArray ab) {
        Shape ls = l.getShape();
        Shape abs = ab.getShape();
        if (ls.dimension() != 4 || ls.get(1) != 1 || abs.dimension() != 4 || abs.get(1) != 2
                || ls.get(0) != abs.get(0) || ls.get(2) != abs.get(2) || ls.get(3) != abs.get(3)) {
            throw new IllegalArgumentException("batch must be L: N x 1 x H x W and ab: N x 2 x H x W; got " + ls
                    + " and " + abs);
        }
    }

    private static NDList pair(NDArray l, NDArray ab) {
        return new NDList(NDArrays.concat(new NDList(l, ab), 1));
    }

    private static void backward(NDArray loss) {
        try (NDArray one = loss.getManager().ones(new Shape())) {
            JniUtils.backward(TorchOps.pt(loss), TorchOps.pt(one), false, false);
        }
    }

    /** Mean adversarial loss of logits against a constant target (vanilla: BCE with logits; LSGAN: MSE). */
    NDArray ganLoss(NDArray logits, float target) {
        NDManager m = logits.getManager();
        if (config.getGan() == TrainingConfig.GanLoss.LSGAN) {
            return logits.sub(TorchOps.scalar(m, target)).square().mean();
        }
        // BCE(x, t) = -t log s(x) - (1-t) log(1 - s(x)) = softplus(x) - t x, stable for any x
        NDArray sp = Activation.softPlus(logits);
        return (target == 0f ? sp : sp.sub(logits.mul(TorchOps.scalar(m, target)))).mean();
    }

    private void updateEma(NDManager sm) {
        if (ema != null) {
            ema.follow(1f - config.getEmaDecay(), sm);
        }
    }

    /** Generator forward in inference mode (no dropout, BatchNorm running statistics), attached to l's manager. */
    public NDArray validate(NDArray l) {
        return validate(l, false);
    }

    /** As {@link #validate(NDArray)}, with the EMA weights if {@code useEma} and EMA is on. */
    public NDArray validate(NDArray l, boolean useEma) {
        return validate(l, null, useEma);
    }

    /** As {@link #validate(NDArray, boolean)} with hint planes (null: none) for a hint-aware generator. */
    public NDArray validate(NDArray l, NDArray hints, boolean useEma) {
        Block g = useEma && ema != null ? ema.block() : generator;
        NDManager target = l.getManager();
        try (NDManager sm = manager.newSubManager(); TorchOps.GradMode off = TorchOps.gradMode(false)) {
            l.tempAttach(sm);
            if (hints != null) {
                hints.tempAttach(sm);
            }
            NDArray out = g.forward(new ParameterStore(sm, false), new NDList(generatorInput(l, hints, sm)), false)
                    .singletonOrThrow();
            out.attach(target);
            return out;
        }
    }

    /** The generator holding the EMA weights (to validate or save), or null when {@code emaDecay} is 0. */
    public Block emaGenerator() {
        return ema == null ? null : ema.block();
    }

    /** Copies the EMA weights (and running statistics) into a generator of the same architecture. */
    public void copyEmaInto(Block target) {
        if (ema == null) {
            throw new IllegalStateException("EMA is off (emaDecay = 0)");
        }
        ema.copyInto(target, "copyEmaInto");
    }

    /**
     * Optimizer state as named copies for an exact resume: Adam moments and step counts of G ({@code G/...}) and
     * D ({@code D/...}), the EMA weights ({@code EMA/...}) if on, the keep-automatic teacher's ({@code T/...}) if
     * on, and the step counter ({@code steps}). The copies live until this GanStep is closed, or until the caller
     * closes them (do so after saving).
     */
    public NDList optimizerState() {
        return optimizerState(manager);
    }

    /** As {@link #optimizerState()}, with the copies attached to {@code target}; close them when saved. */
    public NDList optimizerState(NDManager target) {
        NDList list = new NDList();
        list.addAll(adamG.state(target));
        list.addAll(adamD.state(target));
        if (ema != null) {
            ema.save(list, target);
        }
        if (teacher != null) {
            teacher.save(list, target);
        }
        list.add(Adam.named(target.create(new long[] {stepCount}, new Shape(1)), "steps"));
        return list;
    }

    /** Restores a state written by {@link #optimizerState()} (same architecture and EMA setting). */
    public void loadOptimizerState(NDList state) {
        adamG.loadState(state);
        adamD.loadState(state);
        if (ema != null) {
            ema.load(state);
        }
        if (teacher != null) {
            teacher.load(state);
        }
        stepCount = Adam.find(state, "steps").toLongArray()[0];
    }

    /** Number of {@link #step} calls so far (including skipped ones), restored by {@link #loadOptimizerState}. */
    public long getStepCount() {
        return stepCount;
    }

    public Adam generatorOptimizer() { return adamG; }
    public Adam discriminatorOptimizer() { return adamD; }

    @Override
    public void close() {
        adamG.close();
        adamD.close();
        manager.close();
    }
}
