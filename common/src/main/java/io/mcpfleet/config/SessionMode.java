package io.mcpfleet.config;

/** Whether the server keeps per-session state, which decides how the router may balance it. */
public enum SessionMode {
    /** Each client session is bound to one instance and one backend session (always correct). */
    STATEFUL,
    /** The server keeps no session state: backend sessions are pooled and every call is balanced. */
    STATELESS;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
