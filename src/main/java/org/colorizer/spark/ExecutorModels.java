package org.colorizer.spark;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.colorizer.colorize.Colorizer;
import org.colorizer.engine.Engines;
import org.colorizer.modelfile.ModelFile;

/**
 * One loaded network per executor JVM and model, shared by the tasks that run there at the same time
 * ({@link Colorizer} is safe to share between threads); each task gets a view with the job's settings. Per JVM on
 * purpose: a static field lives exactly as long as the executor. libtorch's threads are set from
 * {@code spark.task.cpus} before the engine loads (unless {@code -Dcolorizer.threads} says otherwise).
 */
final class ExecutorModels {
    private static final Map<String, Colorizer> LOADED = new HashMap<>();

    private ExecutorModels() {}

    /**
     * The network for {@code model} (a built-in name, or a model file whose bytes were broadcast), with the given
     * settings. Never closed: it lives as long as the JVM.
     */
    static Colorizer get(String model, Broadcast<byte[]> modelBytes, float strength, int workingSize) {
        Colorizer network;
        synchronized (LOADED) {
            String key = modelBytes != null ? model + "#broadcast" + modelBytes.id() : model;
            network = LOADED.get(key);
            if (network == null) {
                TaskContext task = TaskContext.get();
                if (task != null && System.getProperty("colorizer.threads") == null) {
                    System.setProperty("colorizer.threads", Integer.toString(Math.max(1, task.cpus())));
                }
                network = modelBytes != null
                        ? Colorizer.fromContents(ModelFile.read(new ByteArrayInputStream(modelBytes.value()), model),
                                "Model file " + model, Engines.device("cpu"))
                        : Colorizer.open(model, Engines.device("cpu"));
                LOADED.put(key, network);
            }
        }
        return network.with(network.settings().withStrength(strength).withTile(0).withWorkingSize(workingSize));
    }
}
