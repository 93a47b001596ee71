package io.mcpfleet.manager.logs;

import io.mcpfleet.api.LogLine;
import io.mcpfleet.manager.lifecycle.Instance;
import io.mcpfleet.manager.lifecycle.OutputLine;

/** A container's line as the API shows it: with its instance, and cut to {@value #MAX_CHARS} characters. */
final class Lines {

    /** Longer lines are cut (the engine itself splits lines at 16 KiB). */
    static final int MAX_CHARS = 4096;

    private Lines() {
    }

    static LogLine of(Instance instance, OutputLine line) {
        String text = line.text();
        boolean cut = text.length() > MAX_CHARS;
        if (cut) {
            // never split a surrogate pair: half a character is not text
            int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
            text = text.substring(0, end);
        }
        return new LogLine(instance.id(), instance.name(), line.time(), line.stream(), text, cut);
    }
}
