package org.colorizer.interop;

import java.util.List;

/** Pieces of the messages a network's failure gives: its inputs' shapes and the engine's first line. */
final class NetworkErrors {
    private NetworkErrors() {}

    static String shapes(List<Tensor> inputs) {
        StringBuilder s = new StringBuilder();
        for (Tensor t : inputs) {
            s.append(s.length() == 0 ? "" : ", ").append(t);
        }
        return inputs.size() + " input" + (inputs.size() == 1 ? "" : "s") + " of shape " + s;
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
