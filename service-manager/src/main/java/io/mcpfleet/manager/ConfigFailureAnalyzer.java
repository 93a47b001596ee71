package io.mcpfleet.manager;

import io.mcpfleet.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid services.yml into a start-up failure that reads like a compiler error:
 * one {@code file:line:column: key: what is wrong} per problem, and no stack trace.
 */
class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        int n = cause.problems().size();
        return new FailureAnalysis("services.yml is invalid (" + n + (n == 1 ? " problem" : " problems") + "):\n"
                + cause.getMessage(),
                "Fix the file (every key is described in docs/configuration.md) and start again. "
                        + "FLEET_CONFIG names the file to load.", cause);
    }
}
