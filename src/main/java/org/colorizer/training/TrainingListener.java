package org.colorizer.training;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Receives what a training run reports. The command line prints a progress line; Fiji shows a progress bar,
 * status text and a loss plot. All methods are called on the training thread; keep them quick.
 */
public interface TrainingListener {

    /** A warning or a note for the user (a skipped file, a resumed run, a saved checkpoint). */
    default void message(String text) {}

    /** After every optimisation step. */
    default void step(Progress progress) {}

    /** After each epoch's validation. */
    default void epoch(EpochReport report) {}

    /** Where a run stands after a step. */
    final class Progress {
        public int epoch;          // 1-based
        public int epochs;
        public long step;          // 1-based, global
        public long totalSteps;
        public int stepInEpoch;    // 1-based
        public int stepsPerEpoch;
        /** "pretrain" (L1 only), "d-warmup" (the discriminator alone) or "gan". */
        public String phase;
        public double lossD;
        public double lossGan;
        public double lossL1;
        /** generator learning rate used by this step */
        public double learningRate;
        public boolean skipped;
        public double imagesPerSecond;
        public double etaSeconds;
        /** Share of the step time spent waiting for data (0..1), over the epoch so far. */
        public double dataWait;

        public String line() {
            return String.format(Locale.ROOT,
                    "epoch %d/%d step %d/%d [%s] D %.3f G_gan %.3f L1 %.4f | %.1f img/s | ETA %s%s",
                    epoch, epochs, step, totalSteps, phase, lossD, lossGan, lossL1, imagesPerSecond,
                    formatDuration(etaSeconds), skipped ? " | step skipped (non-finite)" : "");
        }
    }

    /** Validation after an epoch. */
    final class EpochReport {
        public int epoch;
        public int epochs;
        public long step;
        public double trainL1;
        public double trainD;
        public double trainGan;
        public double valL1;
        public double valPsnr;
        public double valColorfulness;
        public double truthColorfulness;
        /** Not stored in checkpoints (transient). */
        public transient Path preview;

        public String line() {
            return String.format(Locale.ROOT,
                    "epoch %d/%d done: train L1 %.4f D %.3f G_gan %.3f | val L1 %.4f PSNR %.2f dB colorfulness %.1f (truth %.1f)",
                    epoch, epochs, trainL1, trainD, trainGan, valL1, valPsnr, valColorfulness, truthColorfulness);
        }
    }

    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
