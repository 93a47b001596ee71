package io.mcpfleet.manager;

import io.mcpfleet.manager.runtime.RuntimeSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A runtime setting the engine cannot honour ({@code fleet.runtime: swarm} on a plain engine): the key and the fix, no stack trace. */
class RuntimeSettingFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RuntimeSettingException cause) {
        return new FailureAnalysis("The manager's runtime setting does not fit the Docker engine:\n" + cause.getMessage(),
                "Change the engine or the setting (docs/deployment.md, section Docker Swarm), and start again.", cause);
    }
}
