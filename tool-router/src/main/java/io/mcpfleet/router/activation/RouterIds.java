package io.mcpfleet.router.activation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The router's id in activity reports: stable for the life of the process, distinct between processes. */
final class RouterIds {

    private RouterIds() {
    }

    /** The configured id, or the host name and process id (two routers may share a host). */
    static String of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "router";
        }
    }
}
