package org.colorizer.interop;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The small test networks made by {@code make_fixtures.py} beside them. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) throws URISyntaxException {
        return Paths.get(Fixtures.class.getResource(name).toURI());
    }
}
