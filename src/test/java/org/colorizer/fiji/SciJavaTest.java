package org.colorizer.fiji;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/** A test with a real SciJava Context and CommandService, as Fiji runs commands, and a temporary folder. */
abstract class SciJavaTest {
    @TempDir
    Path dir;
    Context context;
    CommandService commands;

    @BeforeEach
    void start() {
        context = new Context();
        commands = context.service(CommandService.class);
    }

    @AfterEach
    void stop() {
        context.dispose();
    }
}
