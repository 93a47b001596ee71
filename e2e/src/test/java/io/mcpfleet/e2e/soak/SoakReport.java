package io.mcpfleet.e2e.soak;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** What a soak run saw, as the Markdown that goes into docs/operations.md. */
record SoakReport(Duration length, String machine, Map<String, CallTally.Figures> calls, Map<String, String> chaos,
                  Set<String> orphans, Set<String> leftover, Footprint managerBefore, Footprint managerAfter,
                  Footprint routerBefore, Footprint routerAfter, long sessionsAfter) {

    /** Idempotent calls and wakes never fail; writes fail only retryably; nothing is left behind. */
    boolean passed() {
        return calls.entrySet().stream().allMatch(e -> e.getKey().equals("write")
                ? e.getValue().notRetryable() == 0 : e.getValue().failed() == 0)
                && orphans.isEmpty() && leftover.isEmpty() && sessionsAfter == 0;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Soak of ").append(length.toMinutes()).append(" min ").append(length.toSecondsPart())
                .append(" s (").append(machine).append("): ").append(passed() ? "passed" : "FAILED").append("\n\n");
        md.append("| calls | made | failed | failures by reason |\n|---|---|---|---|\n");
        calls.forEach((kind, f) -> md.append("| ").append(kind).append(" | ").append(f.calls()).append(" | ")
                .append(f.failed()).append(" | ").append(f.failures().isEmpty() ? "" : f.failures().toString())
                .append(" |\n"));
        md.append("\n| fleet actions | count |\n|---|---|\n");
        chaos.forEach((action, summary) -> md.append("| ").append(action).append(" | ").append(summary).append(" |\n"));
        md.append("\n| process | start | end |\n|---|---|---|\n");
        md.append("| service-manager | ").append(managerBefore).append(" | ").append(managerAfter).append(" |\n");
        md.append("| tool-router | ").append(routerBefore).append(" | ").append(routerAfter).append(" |\n");
        md.append("\nContainers the manager did not know at the end: ").append(orphans.size())
                .append("; left after stopping every service: ").append(leftover.size())
                .append("; client sessions open at the end: ").append(sessionsAfter).append(".\n");
        return md.toString();
    }
}
