package io.mcpfleet.bench;

import java.util.ArrayList;
import java.util.List;

/** The results, printed as a plain-text table and as Markdown (for docs/benchmarks.md). */
final class Table {

    private static final String[] HEAD = {"area", "measure", "value", "baseline", "ratio", "target", "verdict"};

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.printf("  %-14s %-58s %s%n", row.area(), row.what(), row.value()
                + (row.ratio().isEmpty() ? "" : "  (" + row.ratio() + ")")
                + (row.verdict().isEmpty() ? "" : "  " + row.verdict()));
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized String text() {
        List<String[]> cells = cells();
        int[] width = new int[HEAD.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] line = cells.get(r);
            for (int i = 0; i < line.length; i++) {
                b.append(String.format("%-" + (width[i] + 2) + "s", line[i]));
            }
            b.append('\n');
            if (r == 0) {
                for (int w : width) {
                    b.append("-".repeat(w)).append("  ");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    synchronized String markdown() {
        StringBuilder b = new StringBuilder();
        List<String[]> cells = cells();
        for (int r = 0; r < cells.size(); r++) {
            b.append("| ").append(String.join(" | ", cells.get(r))).append(" |\n");
            if (r == 0) {
                b.append("|---".repeat(HEAD.length)).append("|\n");
            }
        }
        return b.toString();
    }

    private List<String[]> cells() {
        List<String[]> out = new ArrayList<>();
        out.add(HEAD);
        for (Row r : rows) {
            out.add(new String[] {r.area(), r.what(), r.value(), r.baseline(), r.ratio(), r.target(), r.verdict()});
        }
        return out;
    }
}
