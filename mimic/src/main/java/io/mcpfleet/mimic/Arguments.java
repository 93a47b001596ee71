package io.mcpfleet.mimic;

import java.util.Map;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;

/** The arguments of a tool call, read leniently (a number may come as a string) and checked. */
record Arguments(Map<String, Object> values) {

    Arguments {
        values = values == null ? Map.of() : values;
    }

    String text(String name, String fallback) {
        Object value = values.get(name);
        return value == null ? fallback : value.toString();
    }

    /** A whole number within [min, max]; outside it the caller gets invalid params, not a mimic crash. */
    long number(String name, long fallback, long min, long max) {
        Object value = values.get(name);
        long number;
        if (value == null) {
            number = fallback;
        } else if (value instanceof Number n) {
            number = n.longValue();
        } else {
            try {
                number = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw invalid(name + " must be a whole number, not '" + value + "'");
            }
        }
        if (number < min || number > max) {
            throw invalid(name + " must be within " + min + ".." + max + ", not " + number);
        }
        return number;
    }

    static McpError invalid(String message) {
        return McpError.builder(ErrorCodes.INVALID_PARAMS).message(message).build();
    }
}
