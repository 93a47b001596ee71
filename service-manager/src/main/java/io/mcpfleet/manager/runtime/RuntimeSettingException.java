package io.mcpfleet.manager.runtime;

/**
 * A manager setting the engine cannot honour (a runtime on an engine that is not fit for it, a
 * network of the wrong kind): found at start-up, reported with the setting's key and how to fix it.
 */
public class RuntimeSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public RuntimeSettingException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The setting, e.g. {@code fleet.runtime}. */
    public String key() {
        return key;
    }
}
