package org.supportdesk.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail: {@code type} is stable and names the kind of problem; {@code title} is
 * its human summary; {@code detail} explains this occurrence. Extra members (e.g. {@code possibleFrom})
 * are written at the top level.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance,
        List<Violation> violations, @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://supportdesk.org/problems/";

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }

    /** One field-level failure of Bean Validation. */
    public record Violation(String field, String message) {
    }
}
