package io.mcpfleet.mimic;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** The default mimic id: the host name, which in a Docker container is the container id prefix. */
final class HostName {

    private HostName() {
    }

    static String current(Map<String, String> env) {
        // Docker sets HOSTNAME; reading it avoids a resolver round trip on a start-up path that wakes wait for.
        String fromEnv = env.get("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "mimic";
        }
    }
}
