package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.exception.DockerException;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what docker-java throws into the port's exceptions, so no docker-java type escapes the
 * runtime package except as a cause.
 */
final class DockerErrors {

    private static final Pattern ENGINE_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DockerErrors() {
    }

    static ContainerRuntimeException map(String operation, String container, RuntimeException e) {
        if (e instanceof ContainerRuntimeException mapped) {
            return mapped;
        }
        if (isEngineUnreachable(e)) {
            return new EngineUnavailableException(operation, container, e);
        }
        return new ContainerRuntimeException(operation, container, why(e), e);
    }

    /**
     * True when the engine never answered: the socket is missing, the connection was refused or
     * reset, or the answer timed out. An HTTP error status is an answer, so it is not unreachable.
     */
    static boolean isEngineUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DockerException) {
                return false;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The engine's own words ("No such container: abc") rather than docker-java's "Status 404: {json}". */
    static String why(Throwable e) {
        if (e instanceof DockerException docker) {
            String message = engineMessage(docker.getMessage());
            return message + " (HTTP " + docker.getHttpStatus() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String engineMessage(String dockerJavaMessage) {
        if (dockerJavaMessage == null) {
            return "no message";
        }
        Matcher m = ENGINE_MESSAGE.matcher(dockerJavaMessage);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return dockerJavaMessage.strip();
    }

    static boolean messageContains(DockerException e, String fragment) {
        return e.getMessage() != null && e.getMessage().toLowerCase().contains(fragment.toLowerCase());
    }
}
