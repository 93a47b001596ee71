package io.mcpfleet.config;

import org.yaml.snakeyaml.error.Mark;

/** A 1-based line and column in the file; {@link #FILE} when a problem concerns the whole file. */
record Position(int line, int column) {

    static final Position FILE = new Position(0, 0);
    static final Position START = new Position(1, 1);

    /** snakeyaml counts from 0. */
    static Position of(Mark mark) {
        return mark == null ? START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** The position of a character offset, for errors that know only the offset. */
    static Position ofOffset(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }
}
