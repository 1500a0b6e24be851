package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.colorizer.ColorizerException;
import org.colorizer.updatesite.SiteContents;
import org.junit.jupiter.api.Test;

/**
 * The update site's jar selection against the real build folder (target/lib exists only after package, so this
 * runs as an integration test and is never skipped). target/lib holds DJL, the Linux libtorch and ONNX Runtime's
 * Maven jar (which the site builder splits); the macOS and Windows libtorch jars come from target/natives, which
 * only the update-site profile fills.
 */
class UpdateSiteSelectionIT {

    @Test
    void selectsDjlLibtorchAndOnnxRuntimeFromTheBuildFolderAndAccountsForTheRest() throws Exception {
        Path targetLib = Paths.get("target", "lib");
        assertTrue(Files.isDirectory(targetLib), "mvn package copied the dependencies to " + targetLib);
        List<String> bundled;
        try (Stream<Path> files = Files.list(targetLib)) {
            bundled = files.map(p -> SiteContents.bundledOf(p.getFileName().toString()))
                    .filter(b -> b != null).map(SiteContents.Bundled::key).sorted().collect(Collectors.toList());
        }
        assertEquals(Arrays.asList("api", "onnxruntime", "pytorch-engine", "pytorch-jni",
                "pytorch-native-cpu:linux-x86_64"), bundled);
        assertEquals(List.of(), SiteContents.unaccounted(targetLib));

        Path natives = Paths.get("target", "natives");
        boolean fetched;
        try (Stream<Path> files = Files.isDirectory(natives) ? Files.list(natives) : Stream.empty()) {
            fetched = files.filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu-")).count() == 2;
        }
        if (fetched) { // after update-site/build.sh
            assertEquals(7, SiteContents.select(List.of(targetLib, natives)).size());
        } else {
            ColorizerException e = assertThrows(ColorizerException.class, () -> SiteContents.select(targetLib));
            assertTrue(e.getMessage().contains("osx-aarch64") && e.getMessage().contains("build.sh"),
                    e.getMessage());
        }
    }
}
