package org.colorizer.training;

import java.util.Locale;

/**
 * Losses of one {@link GanStep#step} (values before the update). In the L1-only phase {@code d} and {@code gGan}
 * are 0. {@code skipped}: a non-finite loss or gradient was found and at least one update was NOT applied
 * ({@code skippedD}/{@code skippedG} say which).
 */
public final class StepLosses {
    /** Discriminator loss, (real + fake) / 2. */
    public final double d;
    /** Generator's adversarial term (before ganWeight). */
    public final double gGan;
    /** Mean |fake - real| over a*b* in network units (before lambdaL1). */
    public final double l1;
    public final boolean skipped;
    public final boolean skippedD;
    public final boolean skippedG;

    public StepLosses(double d, double gGan, double l1, boolean skippedD, boolean skippedG) {
        this.d = d;
        this.gGan = gGan;
        this.l1 = l1;
        this.skippedD = skippedD;
        this.skippedG = skippedG;
        this.skipped = skippedD || skippedG;
    }

    public double getD() { return d; }
    public double getGGan() { return gGan; }
    public double getL1() { return l1; }
    public boolean isSkipped() { return skipped; }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "D %.4f  G_gan %.4f  L1 %.4f%s", d, gGan, l1,
                skipped ? "  (skipped " + (skippedD ? "D" : "") + (skippedG ? "G" : "") + ")" : "");
    }
}
