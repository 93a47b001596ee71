package io.mcpfleet.manager.api;

import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import io.mcpfleet.manager.lifecycle.StartFailedException;
import io.mcpfleet.manager.lifecycle.UnknownServiceException;
import io.mcpfleet.manager.logs.TooManyFollowsException;
import io.mcpfleet.manager.logs.UnknownInstanceException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure of the API as an RFC 9457 problem, in one place. Bad requests name what is
 * wrong; engine trouble says so; nothing answers with a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(UnknownServiceException.class)
    ProblemDetail unknownService(UnknownServiceException e) {
        ProblemDetail p = problem(HttpStatus.NOT_FOUND, "unknown-service", "Unknown service", e.getMessage());
        p.setProperty("known_services", e.known());
        return p;
    }

    @ExceptionHandler(UnknownInstanceException.class)
    ProblemDetail unknownInstance(UnknownInstanceException e) {
        ProblemDetail p = problem(HttpStatus.NOT_FOUND, "unknown-instance", "Unknown instance", e.getMessage());
        p.setProperty("service", e.service());
        return p;
    }

    @ExceptionHandler(TooManyFollowsException.class)
    ProblemDetail tooManyFollows(TooManyFollowsException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-log-streams", "Too many log streams", e.getMessage());
    }

    @ExceptionHandler({BadRequestException.class, IllegalArgumentException.class})
    ProblemDetail badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                "parameter '" + e.getName() + "' must be " + article(expected) + ", got '" + clip(e.getValue()) + "'");
    }

    @ExceptionHandler(StartFailedException.class)
    ProblemDetail startFailed(StartFailedException e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "start-failed", "Service cannot start",
                e.getMessage());
        p.setProperty("service", e.service());
        return p;
    }

    @ExceptionHandler(TimeoutException.class)
    ProblemDetail timeout(TimeoutException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, "start-timeout", "Start timed out",
                "no instance became healthy in time; the service keeps starting, see GET /services/{name}/status");
    }

    @ExceptionHandler(EngineUnavailableException.class)
    ProblemDetail engineUnavailable(EngineUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", "Docker engine unavailable",
                e.getMessage());
    }

    @ExceptionHandler(ContainerRuntimeException.class)
    ProblemDetail engineError(ContainerRuntimeException e) {
        return problem(HttpStatus.BAD_GATEWAY, "engine-error", "Docker engine error", e.getMessage());
    }

    /** A future failed: answer for what failed inside it. */
    @ExceptionHandler(CompletionException.class)
    ProblemDetail completion(CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof UnknownServiceException u) {
            return unknownService(u);
        } else if (cause instanceof IllegalArgumentException || cause instanceof BadRequestException) {
            return badRequest((RuntimeException) cause);
        } else if (cause instanceof StartFailedException s) {
            return startFailed(s);
        } else if (cause instanceof TimeoutException t) {
            return timeout(t);
        } else if (cause instanceof EngineUnavailableException u) {
            return engineUnavailable(u);
        } else if (cause instanceof ContainerRuntimeException c) {
            return engineError(c);
        }
        return unexpected(cause instanceof Exception ex ? ex : e);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        LOG.error("unexpected error in the API", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the manager failed unexpectedly; its log has the details");
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://mcpfleet.io/problems/" + type));
        p.setTitle(title);
        return p;
    }

    private static String article(String type) {
        return switch (type) {
            case "Integer", "int" -> "an integer";
            case "Boolean", "boolean" -> "true or false";
            default -> "a " + type;
        };
    }

    private static String clip(Object value) {
        String s = String.valueOf(value);
        return (s.length() > 64 ? s.substring(0, 64) + "..." : s).replaceAll("\\p{Cntrl}", "?");
    }
}
