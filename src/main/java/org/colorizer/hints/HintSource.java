package org.colorizer.hints;

import java.nio.file.Path;

/** The hints of each input image of a batch job. */
@FunctionalInterface
public interface HintSource {
    /**
     * The hints for {@code input}, an image of {@code width} x {@code height} pixels; null if it has none.
     *
     * @throws org.colorizer.ColorizerException if its hint file is bad (the message names the file and line)
     */
    HintSet forInput(Path input, int width, int height);
}
