package org.colorizer.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.Version;
import org.colorizer.io.AtomicFiles;
import org.colorizer.io.IOConsumer;
import org.colorizer.model.Networks;
import org.colorizer.modelfile.ModelDescription;
import org.colorizer.modelfile.ModelFile;
import org.colorizer.modelfile.WeightCodec;

/**
 * The model and checkpoint files of a training run: where they go next to the model ({@code NAME.zip}), how the
 * checkpoint and the model are written, and how a checkpoint is read back to resume.
 */
final class Checkpoints {
    private final Path out;
    private final String name;
    private final int inferenceTile;
    private final int workingSize;
    private final boolean halfPrecision;
    private final boolean keepEpochModels;

    /**
     * @param out the model file; the checkpoint and the kept models go next to it
     * @param name recorded in each file written
     * @param inferenceTile recorded: the tile at which the model is shown images
     * @param workingSize recorded: the long side at which Colorize shows whole images (0: the training size)
     * @param halfPrecision the model's weights in float16 (checkpoints stay float32)
     * @param keepEpochModels also write each epoch's model to {@link #epochModelPath}
     */
    Checkpoints(Path out, String name, int inferenceTile, int workingSize, boolean halfPrecision,
            boolean keepEpochModels) {
        this.out = out;
        this.name = name;
        this.inferenceTile = inferenceTile;
        this.workingSize = workingSize;
        this.halfPrecision = halfPrecision;
        this.keepEpochModels = keepEpochModels;
    }

    static Path checkpointPath(Path model) {
        return model.resolveSibling(baseName(model) + ".checkpoint.zip");
    }

    static Path pretrainCheckpointPath(Path model) {
        return model.resolveSibling(baseName(model) + ".pretrain.checkpoint.zip");
    }

    static Path epochModelPath(Path model, int epoch) {
        return model.resolveSibling(String.format(Locale.ROOT, "%s-epoch%02d.zip", baseName(model), epoch));
    }

    static Path previewPath(Path model) {
        return model.resolveSibling(baseName(model) + "-preview.png");
    }

    private static String baseName(Path model) {
        String n = model.getFileName().toString();
        return n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
    }

    /** Reads {@code resume}; a model file (not a checkpoint) is an error. */
    static ModelFile.Contents readForResume(Path resume) {
        ModelFile.Contents checkpoint = ModelFile.read(resume);
        if (!"checkpoint".equals(checkpoint.description.kind) || checkpoint.description.training == null) {
            throw new ColorizerException("resume: " + resume + " is a model, not a checkpoint; resume from the "
                    + ".checkpoint.zip that training writes next to the model");
        }
        return checkpoint;
    }

    /** The run state stored in a checkpoint read from {@code resume}. */
    static TrainingRun.State state(ModelFile.Contents checkpoint, Path resume) {
        return ModelFile.gson().fromJson(
                new String(checkpoint.entry(ModelFile.STATE_ENTRY, "resume: " + resume), StandardCharsets.UTF_8),
                TrainingRun.State.class);
    }

    /** Loads a checkpoint's generator, discriminator and optimizer state into the run's. */
    static void load(ModelFile.Contents checkpoint, Path resume, Block generator, Block discriminator, GanStep gan,
            NDManager manager) {
        String what = "resume: " + resume;
        WeightCodec.load(generator, WeightCodec.decode(checkpoint.entry(ModelFile.GENERATOR_ENTRY, what), what), manager, what);
        WeightCodec.load(discriminator, WeightCodec.decode(checkpoint.entry(ModelFile.DISCRIMINATOR_ENTRY, what), what), manager, what);
        try (NDManager scope = manager.newSubManager()) {
            gan.loadOptimizerState(NDList.decode(scope, checkpoint.entry(ModelFile.OPTIMIZER_ENTRY, what)));
        }
    }

    private ModelDescription describe(TrainingConfig cfg, TrainingRun.State state, String kind) {
        ModelDescription d = new ModelDescription();
        d.kind = kind;
        d.name = name;
        d.projectVersion = Version.get();
        d.created = Instant.now().toString();
        d.model = cfg.getModel();
        d.training = cfg;
        d.data = state.data;
        d.epochs = state.epoch;
        d.steps = state.step;
        d.trainingSeconds = state.seconds;
        d.tile = inferenceTile;
        d.workingSize = workingSize;
        if (!state.history.isEmpty()) {
            d.metrics = Validation.metrics(state.history.get(state.history.size() - 1));
        }
        return d;
    }

    void writeCheckpoint(TrainingConfig cfg, Block g, Block d, GanStep gan, TrainingRun.State state) {
        ModelDescription desc = describe(cfg, state, "checkpoint");
        // streamed into the file tensor by tensor: no copy of the whole checkpoint on the heap
        Map<String, IOConsumer<OutputStream>> entries = new LinkedHashMap<>();
        entries.put(ModelFile.GENERATOR_ENTRY, o -> WeightCodec.encode(WeightCodec.parameters(g), false, o));
        entries.put(ModelFile.DISCRIMINATOR_ENTRY, o -> WeightCodec.encode(WeightCodec.parameters(d), false, o));
        entries.put(ModelFile.OPTIMIZER_ENTRY, o -> {
            // the exported state is a copy: it lives in a scope of its own, closed right after encoding
            try (NDManager scope = d.getParameters().valueAt(0).getArray().getManager().newSubManager()) {
                gan.optimizerState(scope).encode(o);
            }
        });
        byte[] json = ModelFile.gson().toJson(state).getBytes(StandardCharsets.UTF_8);
        entries.put(ModelFile.STATE_ENTRY, o -> o.write(json));
        desc.weights.dtype = "float32";
        desc.weights.parameters = Networks.parameterCount(g);
        desc.weights.tensors = g.getParameters().size();
        ModelFile.writeStreamed(checkpointPath(out), desc, entries);
    }

    void writeModel(TrainingConfig cfg, Block g, GanStep gan, TrainingRun.State state, TrainingListener.EpochReport r,
            boolean epochEnd) throws IOException {
        ModelDescription desc = describe(cfg, state, "model");
        desc.metrics = Validation.metrics(r);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelFile.GENERATOR_ENTRY, WeightCodec.encode(WeightCodec.parameters(cfg.getEmaDecay() > 0 ? gan.emaGenerator() : g), halfPrecision));
        desc.weights.dtype = halfPrecision ? "float16" : "float32";
        desc.weights.parameters = Networks.parameterCount(g);
        desc.weights.tensors = g.getParameters().size();
        ModelFile.write(out, desc, entries);
        if (keepEpochModels && epochEnd) {
            ModelFile.write(epochModelPath(out, desc.epochs), desc, entries);
        }
    }

    /** Copies the current checkpoint to {@link #pretrainCheckpointPath} and returns that path. */
    Path keepPretrainCheckpoint() {
        Path keep = pretrainCheckpointPath(out);
        AtomicFiles.write(keep, o -> Files.copy(checkpointPath(out), o));
        return keep;
    }
}
