package org.colorizer.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.colorizer.updatesite.SiteContents;
import org.junit.jupiter.api.Test;

/**
 * The update site's jar selection against the real build folder (target/lib exists only after package, so this
 * runs as an integration test and is never skipped).
 */
class UpdateSiteSelectionIT {

    @Test
    void selectsDjlAndLibtorchFromTheBuildFolderAndAccountsForTheRest() throws Exception {
        Path targetLib = Paths.get("target", "lib");
        assertTrue(Files.isDirectory(targetLib), "mvn package copied the dependencies to " + targetLib);
        List<String> chosen = SiteContents.select(targetLib).stream()
                .map(p -> SiteContents.artifactOf(p.getFileName().toString())).collect(Collectors.toList());
        assertEquals(Arrays.asList("api", "pytorch-engine", "pytorch-jni", "pytorch-native-cpu"), chosen);
        assertEquals(List.of(), SiteContents.unaccounted(targetLib));
    }
}
