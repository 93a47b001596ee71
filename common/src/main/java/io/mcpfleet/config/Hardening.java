package io.mcpfleet.config;

import java.util.List;

/**
 * Container security options.
 *
 * @param noNewPrivileges {@code no-new-privileges} (on by default)
 * @param readOnly        read-only root filesystem
 * @param capDrop         Linux capabilities to drop (e.g. {@code ALL})
 * @param capAdd          Linux capabilities to add back
 * @param user            {@code user[:group]} to run as; {@code null}: the image's own
 * @param tmpfs           paths mounted as tmpfs (useful with a read-only root)
 * @param pidsLimit       the most processes the container may run; 0: no limit
 */
public record Hardening(boolean noNewPrivileges, boolean readOnly, List<String> capDrop, List<String> capAdd,
                        String user, List<String> tmpfs, long pidsLimit) {

    public static final Hardening DEFAULT = new Hardening(true, false, List.of(), List.of(), null, List.of(), 0);

    public Hardening {
        capDrop = List.copyOf(capDrop == null ? List.of() : capDrop);
        capAdd = List.copyOf(capAdd == null ? List.of() : capAdd);
        tmpfs = List.copyOf(tmpfs == null ? List.of() : tmpfs);
        if (pidsLimit < 0) {
            throw new IllegalArgumentException("hardening.pids_limit must be >= 0, got " + pidsLimit);
        }
        for (String path : tmpfs) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("hardening.tmpfs paths must be absolute, got " + path);
            }
        }
    }
}
