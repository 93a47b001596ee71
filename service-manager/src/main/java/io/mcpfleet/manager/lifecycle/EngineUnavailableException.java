package io.mcpfleet.manager.lifecycle;

/** The Docker engine does not answer (socket missing, daemon down, timeout). */
public class EngineUnavailableException extends ContainerRuntimeException {

    public EngineUnavailableException(String operation, String container, Throwable cause) {
        super(operation, container, "the Docker engine is unreachable (" + rootMessage(cause) + ")", cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "no cause" : String.valueOf(root.getMessage());
    }
}
