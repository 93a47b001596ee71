package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@link MimicOptions} from environment variables; a bad value names its variable. */
final class EnvironmentOptions {

    static final String PORT = "PORT";
    static final String MCP_PATH = "MIMIC_MCP_PATH";
    static final String ID = "MIMIC_ID";
    static final String TOOLS = "MIMIC_TOOLS";
    static final String STARTUP_DELAY_MS = "MIMIC_STARTUP_DELAY_MS";
    static final String HEALTH_PATH = "MIMIC_HEALTH_PATH";
    static final String STATELESS = "MIMIC_STATELESS";
    static final String FAIL_EVERY = "MIMIC_FAIL_EVERY";
    static final String JSON_RESPONSE = "MIMIC_JSON_RESPONSE";
    static final String BIND_ADDRESS = "MIMIC_BIND_ADDRESS";
    static final String MODERN = "MIMIC_MODERN";

    private final Map<String, String> env;

    private EnvironmentOptions(Map<String, String> env) {
        this.env = env;
    }

    static MimicOptions parse(Map<String, String> env) {
        EnvironmentOptions vars = new EnvironmentOptions(env);
        try {
            return new MimicOptions(
                    vars.integer(PORT, MimicOptions.DEFAULT_PORT),
                    vars.text(MCP_PATH, MimicOptions.DEFAULT_MCP_PATH),
                    vars.text(ID, null) != null ? vars.text(ID, null) : HostName.current(env),
                    vars.list(TOOLS),
                    Duration.ofMillis(vars.integer(STARTUP_DELAY_MS, 0)),
                    vars.text(HEALTH_PATH, null),
                    vars.flag(STATELESS),
                    vars.integer(FAIL_EVERY, MimicOptions.DEFAULT_FAIL_EVERY),
                    vars.flag(JSON_RESPONSE),
                    vars.text(BIND_ADDRESS, MimicOptions.ANY_ADDRESS),
                    vars.flag(MODERN));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad mimic environment: " + e.getMessage(), e);
        }
    }

    /** Unset and blank are the same: compose files often write {@code VAR: ""} to mean "not set". */
    private String text(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private int integer(String name, int fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private boolean flag(String name) {
        String value = text(name, "false");
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private Set<String> list(String name) {
        String value = text(name, "");
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
