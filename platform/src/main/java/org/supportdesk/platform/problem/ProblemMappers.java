package org.supportdesk.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception-to-problem mapping of every service (RFC 9457). Clients never see a stack trace;
 * bad input is a 4xx with a stable {@code type}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(Problem.type(e.typeSlug()), e.title(), e.status(), e.getMessage(),
                uri.getPath(), null, e.extensions()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(new Problem(Problem.type("validation"), "Invalid request", 400,
                "The request has " + violations.size() + " invalid field(s)", uri.getPath(), violations, null));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String detail = e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                ? "Field '" + mismatch.getPath().getLast().getFieldName() + "' has a value of the wrong type"
                : "The body is not valid JSON";
        return respond(new Problem(Problem.type("malformed-body"), "Malformed request body", 400, detail,
                uri.getPath(), null, null));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(new Problem(Problem.type("unauthenticated"), "Authentication required",
                401, "A valid bearer token is required", uri.getPath(), null, null)))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.type("forbidden"), "Not allowed", 403,
                "Your role does not allow this operation", uri.getPath(), null, null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, ResourceInfo resource) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable, uri);
        }
        // JAX-RS answers 404 when a query parameter cannot be converted (e.g. page=abc); that is bad
        // input, not a missing resource: 400 naming the parameter. A malformed path id stays 404.
        if (e instanceof NotFoundException && e.getCause() != null) {
            Optional<String> parameter = QueryParameters.unconvertible(resource.getResourceMethod(),
                    uri.getQueryParameters());
            if (parameter.isPresent()) {
                return respond(new Problem(Problem.type("invalid-parameter"), "Invalid query parameter", 400,
                        "Query parameter '" + parameter.get() + "' has a value of the wrong type", uri.getPath(),
                        List.of(new Problem.Violation(parameter.get(), "has a value of the wrong type")), null));
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family != Response.Status.Family.CLIENT_ERROR) {
            return e.getResponse();
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(new Problem(Problem.type(slug(reason)), reason, status, e.getMessage(), uri.getPath(), null,
                null));
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (dependencyDown(e)) {
            // the database (or another dependency) cannot be reached: nothing was done, try again
            LOG.warnf("Unavailable on %s: %s", uri.getPath(), e.getMessage());
            return Response.fromResponse(respond(new Problem(Problem.type("unavailable"), "Service unavailable", 503,
                    "A service this request needs cannot be reached now; nothing was changed. Try again shortly",
                    uri.getPath(), null, null))).header("Retry-After", "5").build();
        }
        if (contended(e)) {
            // PostgreSQL broke a deadlock or a serialization conflict by rolling this request back
            LOG.warnf("Contended on %s: %s", uri.getPath(), e.getMessage());
            return Response.fromResponse(respond(new Problem(Problem.type("contended"), "Try again", 503,
                    "The request met other work on the same records and was rolled back; nothing was changed. "
                            + "Try again", uri.getPath(), null, null))).header("Retry-After", "1").build();
        }
        if (duplicate(e)) {
            // another request created the same record (a code, a link) between this one's check and its insert
            LOG.warnf(e, "Duplicate on %s", uri.getPath()); // with its trace: a duplicate id or number would be a bug
            return respond(new Problem(Problem.type("duplicate"), "Created meanwhile", 409,
                    "Another request created the same record at the same moment; nothing was changed. "
                            + "Read it, or try again", uri.getPath(), null, null));
        }
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(new Problem(Problem.type("internal"), "Internal error", 500,
                "The request could not be completed; it has been logged", uri.getPath(), null, null));
    }

    /**
     * Whether the failure is a dependency out of reach, not a fault of this request or this code: a
     * refused, reset or lost connection (any socket failure), a command sent on a connection already closing, or PostgreSQL's
     * connection and operator-intervention errors (SQLSTATE classes 08 and 57P, as while it shuts
     * down or starts). Every cause is looked at: the cause chain, and each failure a composite one
     * gathers (a failed statement and then its failed rollback) or carries as suppressed.
     */
    public static boolean dependencyDown(Throwable e) {
        return anyCause(e, ProblemMappers::lostConnection);
    }

    /**
     * Whether PostgreSQL rolled the request's transaction back to break a deadlock or a serialization
     * conflict with other work (SQLSTATE 40P01, 40001), anywhere among the causes as above: nothing was
     * done, and the same request is likely to succeed again.
     */
    static boolean contended(Throwable e) {
        return anyCause(e, t -> t instanceof PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState())));
    }

    /**
     * Whether a unique constraint refused the request's insert (SQLSTATE 23505, from the driver or as
     * Hibernate converted it), anywhere among the causes: a request that checked first met another one creating the same record at the same moment,
     * the rollback undid it, and the answer is the conflict a check would have given.
     */
    static boolean duplicate(Throwable e) {
        return anyCause(e, t -> "23505".equals(t instanceof PgException pg ? pg.getSqlState()
                : t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState()
                : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null));
    }

    private static boolean anyCause(Throwable e, java.util.function.Predicate<Throwable> test) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            if (t instanceof CompositeException composite) {
                composite.getCauses().forEach(pending::push);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                pending.push(suppressed);
            }
        }
        return false;
    }

    private static boolean lostConnection(Throwable t) {
        if (t instanceof SocketException || t instanceof ClosedChannelException
                || t instanceof ClosedConnectionException
                || t instanceof ConnectTimeoutException) {
            return true;
        }
        if (t instanceof PgException pg && pg.getSqlState() != null) {
            return pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P");
        }
        // the SQL client's own failure for a command on a connection that is closing: it has no type of its own
        return t instanceof NoStackTraceThrowable && t.getMessage() != null
                && t.getMessage().startsWith("Connection is not active now");
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String slug(String reason) {
        return reason.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    /**
     * The field a violation is about. Method validation paths read {@code method.parameter.field…}: a body
     * field is named without the first two nodes, a query or path parameter by its own name.
     */
    private static String field(ConstraintViolation<?> violation) {
        String[] nodes = violation.getPropertyPath().toString().split("\\.");
        return switch (nodes.length) {
            case 1 -> nodes[0];
            case 2 -> nodes[1];
            default -> String.join(".", java.util.Arrays.asList(nodes).subList(2, nodes.length));
        };
    }
}
