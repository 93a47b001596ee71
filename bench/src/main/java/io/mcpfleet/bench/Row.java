package io.mcpfleet.bench;

/**
 * One line of the results table.
 *
 * @param area     the section (router overhead, wake, ...)
 * @param what     what was measured
 * @param value    the figure, formatted with its unit
 * @param baseline the baseline it is compared with, formatted, or empty
 * @param ratio    value against baseline (e.g. {@code 0.85x}, {@code +0.21 ms}), or empty
 * @param target   the target, or empty
 * @param verdict  {@code met}, {@code MISSED}, {@code n/a} or empty
 */
public record Row(String area, String what, String value, String baseline, String ratio, String target, String verdict) {

    static Row info(String area, String what, String value) {
        return new Row(area, what, value, "", "", "", "");
    }

    static Row unavailable(String area, String what, String why) {
        return new Row(area, what, "n/a", "", "", "", why);
    }
}
