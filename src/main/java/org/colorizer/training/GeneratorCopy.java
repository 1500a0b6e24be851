package org.colorizer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.colorizer.ColorizerException;
import org.colorizer.model.ModelConfig;
import org.colorizer.model.Networks;
import org.colorizer.model.TorchOps;

/**
 * A copy of the generator kept beside the one being trained, saved with the optimizer state under a prefix of its
 * own: the exponential moving average of its weights ({@link #ema}), or the frozen generator the run began with
 * ({@link #frozen}, the teacher of {@link TrainingConfig#isKeepAutomatic}).
 */
final class GeneratorCopy {
    private final Block copy;
    private final String prefix;
    /** Each parameter of the generator with its counterpart in the copy. */
    private final List<Parameter[]> pairs = new ArrayList<>();

    private GeneratorCopy(Block source, Block copy, String prefix) {
        this.copy = copy;
        this.prefix = prefix;
        for (int i = 0; i < source.getParameters().size(); i++) {
            pairs.add(new Parameter[] {source.getParameters().valueAt(i), copy.getParameters().valueAt(i)});
        }
    }

    /** The EMA copy of {@code generator}, starting at its weights; saved as {@code EMA/...}. */
    static GeneratorCopy ema(Block generator, ModelConfig model, NDManager manager) {
        return new GeneratorCopy(generator, copyOf(generator, model, manager, "EMA"), "EMA/");
    }

    /** A copy of {@code generator} as it is now that records no gradients; saved as {@code T/...}. */
    static GeneratorCopy frozen(Block generator, ModelConfig model, NDManager manager) {
        Block copy = copyOf(generator, model, manager, "keep-automatic");
        for (Pair<String, Parameter> p : copy.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        return new GeneratorCopy(generator, copy, "T/");
    }

    /** A new generator of {@code model}'s architecture holding a copy of {@code g}'s weights and statistics. */
    private static Block copyOf(Block g, ModelConfig model, NDManager manager, String what) {
        Block copy = Networks.generator(model);
        Networks.initialize(copy, manager, g.getInputShapes()[0], 0);
        PairList<String, Parameter> src = g.getParameters();
        PairList<String, Parameter> dst = copy.getParameters();
        if (src.size() != dst.size()) {
            throw notFromConfig(what);
        }
        for (int i = 0; i < src.size(); i++) {
            NDArray s = src.valueAt(i).getArray();
            NDArray d = dst.valueAt(i).getArray();
            if (!s.getShape().equals(d.getShape())) {
                throw notFromConfig(what);
            }
            TorchOps.copyInto(s, d);
        }
        return copy;
    }

    private static IllegalArgumentException notFromConfig(String what) {
        return new IllegalArgumentException(what + ": the generator was not built from the config's ModelConfig");
    }

    /** The copy as a network. */
    Block block() {
        return copy;
    }

    /** Moves every weight and statistic toward the generator's: {@code copy += rate (w - copy)}. */
    void follow(float rate, NDManager scratch) {
        NDArray r = TorchOps.scalar(scratch, rate);
        try (TorchOps.GradMode off = TorchOps.gradMode(false)) {
            for (Parameter[] p : pairs) {
                NDArray c = p[1].getArray();
                NDArray diff = TorchOps.into(p[0].getArray().sub(c), scratch);
                c.addi(diff.muli(r));
            }
        }
    }

    /** Copies the weights (and running statistics) into a generator of the same architecture. */
    void copyInto(Block target, String what) {
        PairList<String, Parameter> dst = target.getParameters();
        if (dst.size() != pairs.size()) {
            throw new IllegalArgumentException(what + ": the target is another architecture");
        }
        for (int i = 0; i < pairs.size(); i++) {
            TorchOps.copyInto(pairs.get(i)[1].getArray(), dst.valueAt(i).getArray());
        }
    }

    /** Adds copies of the weights to {@code list}, named {@code prefix + key} and attached to {@code target}. */
    void save(NDList list, NDManager target) {
        for (Pair<String, Parameter> p : copy.getParameters()) {
            list.add(Adam.named(TorchOps.into(p.getValue().getArray().duplicate(), target), prefix + p.getKey()));
        }
    }

    /** Restores the weights from the entries {@code prefix + key} written by {@link #save}. */
    void load(NDList state) {
        for (Pair<String, Parameter> p : copy.getParameters()) {
            NDArray src = Adam.find(state, prefix + p.getKey());
            if (!src.getShape().equals(p.getValue().getArray().getShape())) {
                throw new ColorizerException("optimizer state: " + prefix + p.getKey() + " has another shape");
            }
            TorchOps.copyInto(src, p.getValue().getArray());
        }
    }
}
