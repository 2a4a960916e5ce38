package org.supportdesk.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the client can act on. Services throw it (or a subclass) for domain refusals; the shared
 * mapping turns it into problem+json with this status and type.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String typeSlug;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String typeSlug, String title, String detail) {
        super(detail);
        this.status = status;
        this.typeSlug = typeSlug;
        this.title = title;
    }

    /** A resource the caller may not see, or that does not exist: the two answer alike so ids cannot be probed. */
    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Resource not found", what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String typeSlug, String title, String detail) {
        return new ProblemException(409, typeSlug, title, detail);
    }

    public static ProblemException unprocessable(String typeSlug, String title, String detail) {
        return new ProblemException(422, typeSlug, title, detail);
    }

    public static ProblemException badRequest(String typeSlug, String title, String detail) {
        return new ProblemException(400, typeSlug, title, detail);
    }

    /** Adds a top-level member to the problem document, e.g. {@code possibleFrom}. */
    public ProblemException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String typeSlug() {
        return typeSlug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return Map.copyOf(extensions);
    }
}
