package org.colorizer.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * The order of each command's inputs. SciJava's dialog shows the inputs, and ImageJ's macro recorder writes their
 * keys, in the order of {@code CommandInfo.inputs()}.
 */
class CommandInputsTest {

    /** {@code command}'s inputs, as the command service lists them. */
    private static List<ModuleItem<?>> inputs(Class<? extends Command> command) {
        try (Context context = new Context(CommandService.class)) {
            List<ModuleItem<?>> items = new ArrayList<>();
            context.service(CommandService.class).getCommand(command).inputs().forEach(items::add);
            return items;
        }
    }

    private static List<String> all(Class<? extends Command> command) {
        return inputs(command).stream().map(ModuleItem::getName).collect(Collectors.toList());
    }

    /** The names of the inputs a user sees and a macro sets: not the context, services, invisible or message items. */
    private static List<String> dialog(Class<? extends Command> command) {
        return inputs(command).stream()
                .filter(item -> !Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class
                        && item.getVisibility() != ItemVisibility.INVISIBLE
                        && item.getVisibility() != ItemVisibility.MESSAGE)
                .map(ModuleItem::getName).collect(Collectors.toList());
    }

    @Test
    void colorizeShowsItsInputsInThisOrder() {
        assertEquals(Arrays.asList("image", "model", "modelfile", "device", "tile", "strength", "hints", "hintradius",
                "reach", "reference"), dialog(ColorizeImage.class));
        assertTrue(all(ColorizeImage.class).containsAll(Arrays.asList("hintspread", "colorizers", "status", "log")));
    }

    @Test
    void colorizeFolderShowsItsInputsInThisOrder() {
        assertEquals(Arrays.asList("input", "output", "model", "modelfile", "device", "overwrite", "strength", "hints",
                "reach", "reference"), dialog(ColorizeFolder.class));
        assertTrue(all(ColorizeFolder.class).containsAll(Arrays.asList("hintspread", "colorizers", "status", "log")));
    }

    @Test
    void hintToolShowsItsInputsInThisOrder() {
        assertEquals(Arrays.asList("image", "model", "modelfile", "device", "preview", "hintradius", "brush", "reach"),
                dialog(HintToolCommand.class));
        assertTrue(all(HintToolCommand.class).containsAll(Arrays.asList("hintspread", "colorizers", "log")));
    }

    /** The macro lines the README shows as recorded set their keys in the order of the command's inputs. */
    @Test
    void theReadmesRecordedMacrosFollowTheInputOrder() throws Exception {
        String readme = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
        Object[][] commands = {{"Colorize", ColorizeImage.class}, {"Colorize Folder", ColorizeFolder.class},
            {"Hint Tool", HintToolCommand.class}};
        for (Object[] c : commands) {
            Matcher line = Pattern.compile("run\\(\"" + c[0] + "\", \"([^\"]*)\"\\);").matcher(readme);
            assertTrue(line.find(), "README.md records no run(\"" + c[0] + "\", ...) line");
            List<String> keys = new ArrayList<>();
            Matcher key = Pattern.compile("(\\w+)=").matcher(line.group(1));
            while (key.find()) {
                keys.add(key.group(1));
            }
            @SuppressWarnings("unchecked")
            List<String> order = dialog((Class<? extends Command>) c[1]);
            List<String> inOrder = new ArrayList<>(order);
            inOrder.retainAll(keys);
            assertEquals(inOrder, keys, c[0] + ": the README's keys, in the order of " + order);
        }
    }
}
