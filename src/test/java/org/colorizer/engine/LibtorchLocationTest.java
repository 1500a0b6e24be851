package org.colorizer.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.colorizer.ColorizerException;
import org.colorizer.engine.LibtorchLocation.Choice;
import org.colorizer.engine.LibtorchLocation.Os;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every step of finding libtorch that needs no GPU: folders with fake library files stand in for libtorch. */
class LibtorchLocationTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();
    final Map<String, String> props = new HashMap<>();

    Choice decide(Os os, String arch) {
        return LibtorchLocation.decide(env::get, props::get, os, arch, true);
    }

    static Path fakeLibtorch(Path folder, Os os, String... names) throws Exception {
        Files.createDirectories(folder);
        for (String name : names) {
            Files.write(folder.resolve(os.library(name)), new byte[] {0x7f, 'E', 'L', 'F'});
        }
        return folder;
    }

    @Test
    void withoutALibraryPathTheBuiltInCpuBuildIsUsedAndNoFlavorIsSet() {
        Choice c = decide(Os.LINUX, "amd64");
        assertNull(c.folder);
        assertEquals("cpu", c.flavor);
        assertFalse(c.setFlavor);
    }

    @Test
    void aCudaFolderGetsCu128AndACpuFolderGetsCpu() throws Exception {
        Path cuda = fakeLibtorch(dir.resolve("site packages/torch/lib"), Os.LINUX, "torch", "c10", "torch_cpu",
                "torch_cuda", "c10_cuda");
        env.put("PYTORCH_LIBRARY_PATH", cuda.toString());
        Choice c = decide(Os.LINUX, "amd64");
        assertEquals(cuda.toAbsolutePath(), c.folder);
        assertEquals("cu128", c.flavor);
        assertTrue(c.setFlavor);
        assertTrue(c.reason.contains("libtorch_cuda.so"), c.reason);

        Path cpu = fakeLibtorch(dir.resolve("cpu/lib"), Os.LINUX, "torch", "c10", "torch_cpu");
        env.put("PYTORCH_LIBRARY_PATH", cpu.toString());
        Choice p = decide(Os.LINUX, "x86_64");
        assertEquals("cpu", p.flavor);
        assertTrue(p.setFlavor);
    }

    @Test
    void theLibraryPathMayBeASystemPropertyAsDjlReadsItThere() throws Exception {
        Path cuda = fakeLibtorch(dir.resolve("cuda"), Os.LINUX, "torch", "c10", "torch_cuda");
        props.put("PYTORCH_LIBRARY_PATH", cuda.toString());
        assertEquals("cu128", decide(Os.LINUX, "amd64").flavor);
        // the environment wins over the property, as in DJL
        Path cpu = fakeLibtorch(dir.resolve("cpu"), Os.LINUX, "torch", "c10");
        env.put("PYTORCH_LIBRARY_PATH", cpu.toString());
        assertEquals(cpu.toAbsolutePath(), decide(Os.LINUX, "amd64").folder);
    }

    @Test
    void aFlavorTheUserSetIsKept() throws Exception {
        Path cuda = fakeLibtorch(dir.resolve("cuda"), Os.LINUX, "torch", "c10", "torch_cuda");
        env.put("PYTORCH_LIBRARY_PATH", cuda.toString());
        env.put("PYTORCH_FLAVOR", "cpu");
        Choice c = decide(Os.LINUX, "amd64");
        assertEquals("cpu", c.flavor);
        assertFalse(c.setFlavor);
        env.remove("PYTORCH_FLAVOR");
        props.put("PYTORCH_FLAVOR", "cu128");
        assertFalse(decide(Os.LINUX, "amd64").setFlavor);
    }

    @Test
    void windowsNamesAndPathsWithSpacesAndAPathList() throws Exception {
        Path win = fakeLibtorch(dir.resolve("Program Files/libtorch 2.7.1/lib"), Os.WINDOWS, "torch", "c10",
                "torch_cuda");
        assertTrue(Files.exists(win.resolve("torch_cuda.dll")));
        // DJL takes the first entry of the list that holds libtorch
        env.put("PYTORCH_LIBRARY_PATH", dir.resolve("nothing here") + File.pathSeparator + win);
        Choice c = decide(Os.WINDOWS, "amd64");
        assertEquals(win.toAbsolutePath(), c.folder);
        assertEquals("cu128", c.flavor);
        // the library file itself names its folder
        env.put("PYTORCH_LIBRARY_PATH", win.resolve("torch.dll").toString());
        assertEquals(win.toAbsolutePath(), decide(Os.WINDOWS, "amd64").folder);
    }

    @Test
    void folderProblemsAreNamedWithTheStepsThatWork() throws Exception {
        env.put("PYTORCH_LIBRARY_PATH", dir.resolve("missing").toString());
        String missing = assertThrows(ColorizerException.class, () -> decide(Os.LINUX, "amd64")).getMessage();
        assertTrue(missing.contains(dir.resolve("missing") + " does not exist"), missing);
        assertTrue(missing.contains("torch==2.7.1") && missing.contains("cu128") && missing.contains("glibc 2.29"),
                missing);
        assertTrue(missing.contains("Unset PYTORCH_LIBRARY_PATH"), missing);

        Path libtorchRoot = fakeLibtorch(dir.resolve("libtorch"), Os.LINUX);
        fakeLibtorch(libtorchRoot.resolve("lib"), Os.LINUX, "torch", "c10");
        env.put("PYTORCH_LIBRARY_PATH", libtorchRoot.toString());
        String noTorch = assertThrows(ColorizerException.class, () -> decide(Os.LINUX, "amd64")).getMessage();
        assertTrue(noTorch.contains("holds no libtorch.so") && noTorch.contains(libtorchRoot.resolve("lib").toString()),
                noTorch);

        Path partial = fakeLibtorch(dir.resolve("partial"), Os.LINUX, "torch", "torch_cuda");
        env.put("PYTORCH_LIBRARY_PATH", partial.toString());
        String noC10 = assertThrows(ColorizerException.class, () -> decide(Os.LINUX, "amd64")).getMessage();
        assertTrue(noC10.contains("no libc10.so") && noC10.contains("incomplete"), noC10);

        Path file = Files.write(dir.resolve("notes.txt"), new byte[1]);
        env.put("PYTORCH_LIBRARY_PATH", file.toString());
        String notFolder = assertThrows(ColorizerException.class, () -> decide(Os.LINUX, "amd64")).getMessage();
        assertTrue(notFolder.contains("neither a folder nor libtorch.so"), notFolder);
    }

    @Test
    void aFolderOfAnotherLibtorchVersionIsRefused() throws Exception {
        Path torch = dir.resolve("site-packages/torch");
        Path lib = fakeLibtorch(torch.resolve("lib"), Os.LINUX, "torch", "c10", "torch_cuda");
        Files.write(torch.resolve("version.py"), "__version__ = '2.6.0+cu124'\ngit_version = 'x'\n".getBytes());
        env.put("PYTORCH_LIBRARY_PATH", lib.toString());
        String e = assertThrows(ColorizerException.class, () -> decide(Os.LINUX, "amd64")).getMessage();
        assertTrue(e.contains("holds libtorch 2.6.0+cu124") && e.contains("needs 2.7.1"), e);
        Files.write(torch.resolve("version.py"), "__version__ = \"2.7.1+cu128\"\n".getBytes());
        assertEquals("cu128", decide(Os.LINUX, "amd64").flavor);
        // the official zip states its version in libtorch/build-version
        Path zip = dir.resolve("libtorch");
        Path zipLib = fakeLibtorch(zip.resolve("lib"), Os.LINUX, "torch", "c10");
        Files.write(zip.resolve("build-version"), "2.7.1+cu128\n".getBytes());
        assertEquals("2.7.1+cu128", LibtorchLocation.versionNote(zipLib));
    }

    @Test
    void systemsWithoutLibtorchGetAClearMessage() {
        String intelMac = assertThrows(ColorizerException.class, () -> decide(Os.MAC, "x86_64")).getMessage();
        assertTrue(intelMac.contains("Intel Mac") && intelMac.contains("Apple-silicon"), intelMac);
        assertNull(decide(Os.MAC, "aarch64").folder);
        assertEquals("cpu", decide(Os.WINDOWS, "amd64").flavor);
        String arm = assertThrows(ColorizerException.class, () -> decide(Os.LINUX, "aarch64")).getMessage();
        assertTrue(arm.contains("linux-aarch64") && arm.contains("PYTORCH_LIBRARY_PATH"), arm);
        String noJar = assertThrows(ColorizerException.class,
                () -> LibtorchLocation.decide(env::get, props::get, Os.WINDOWS, "amd64", false)).getMessage();
        assertTrue(noJar.contains("pytorch-native-cpu-2.7.1-win-x86_64.jar") && noJar.contains("Help > Update"),
                noJar);
    }

    @Test
    void classifiersAndLibraryNames() {
        assertEquals("linux-x86_64", LibtorchLocation.classifier(Os.LINUX, "amd64"));
        assertEquals("osx-aarch64", LibtorchLocation.classifier(Os.of("Mac OS X"), "aarch64"));
        assertEquals("win-x86_64", LibtorchLocation.classifier(Os.of("Windows 11"), "amd64"));
        assertEquals("libtorch_cuda.so", Os.LINUX.library("torch_cuda"));
        assertEquals("torch_cuda.dll", Os.WINDOWS.library("torch_cuda"));
        assertEquals("libc10.dylib", Os.MAC.library("c10"));
    }

    @Test
    void windowsSetsTheEnvironmentWithPutenvOfBothCRuntimes() {
        // the Windows code path cannot run here; at least the functions it calls are the right ones
        assertEquals("[ucrtbase!_putenv_s, msvcrt!_putenv_s]", NativeEnv.setters(true).toString());
        assertEquals("setenv", NativeEnv.setters(false).get(0).function);
    }
}
