package io.mcpfleet.manager.lifecycle;

import java.util.Collection;
import java.util.List;

/** A request named a service that services.yml does not declare. */
public class UnknownServiceException extends RuntimeException {

    private final String name;
    private final List<String> known;

    public UnknownServiceException(String name, Collection<String> known) {
        super("unknown service '" + printable(name) + "'" + (known.isEmpty() ? "; services.yml declares none"
                : "; known services: " + String.join(", ", known.stream().limit(20).toList())
                + (known.size() > 20 ? ", ..." : "")));
        this.name = name;
        this.known = List.copyOf(known);
    }

    /** Clipped and stripped of control characters: the name comes from a request. */
    private static String printable(String s) {
        String clipped = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }

    public String name() {
        return name;
    }

    public List<String> known() {
        return known;
    }
}
