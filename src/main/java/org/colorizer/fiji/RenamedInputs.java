package org.colorizer.fiji;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;

/**
 * Keeps macros written before a dialog field was renamed working. In ImageJ macros a field's key is its input's
 * name, so a renamed field keeps a hidden input under its old name with the attribute {@value #RENAMED_TO} naming
 * the new input. When an old macro sets the hidden input, its value goes to the new input, which then counts as
 * given: no dialog asks for it. When both keys are given, the new one counts. The hidden input is never shown and
 * never recorded, so recorded macros carry the new key.
 */
@Plugin(type = PreprocessorPlugin.class, priority = RenamedInputs.PRIORITY)
public final class RenamedInputs extends AbstractPreprocessorPlugin {
    /** The attribute, on a hidden input, that names the input it was renamed to. */
    public static final String RENAMED_TO = "renamedTo";
    /** After ImageJ's macro options are read into the inputs, before remembered values and the dialog. */
    static final double PRIORITY = 1000;

    @Override
    public void process(Module module) {
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            String target = item.get(RENAMED_TO);
            if (target == null) {
                continue;
            }
            Object old = module.getInput(item.getName());
            if (old instanceof String && !((String) old).trim().isEmpty() && !module.isInputResolved(target)) {
                module.setInput(target, ((String) old).trim());
                module.resolveInput(target);
            }
            module.resolveInput(item.getName());
        }
    }
}
