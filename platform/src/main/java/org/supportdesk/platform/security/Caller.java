package org.supportdesk.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified token: roles, and the tenant claims {@code account_id}
 * (customers), {@code partner_id} (partners) and {@code tier} (agents). Services scope every query by
 * these; a resource of another tenant answers 404.
 */
@RequestScoped
public class Caller {

    public static final String ACCOUNT_ID = "account_id";
    public static final String PARTNER_ID = "partner_id";
    public static final String TIER = "tier";
    /** The widest name the services record, in characters (PostgreSQL's, that is code points). */
    public static final int NAME_LENGTH = 200;

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * The caller's name as recorded beside what it did (a ticket's trail, a session's technician, who
     * asked for a run): at most {@link #NAME_LENGTH} characters, the columns' width. A longer name, which
     * a directory may well hand out, keeps its beginning and ends in "…#" and twelve hex digits of its
     * SHA-256, so it still says who it was (R-T2) and two long names that begin alike stay apart (a
     * session is stopped by its own technician only).
     */
    public String name() {
        return identity.isAnonymous() ? "anonymous" : recorded(identity.getPrincipal().getName());
    }

    static String recorded(String name) {
        if (name.codePointCount(0, name.length()) <= NAME_LENGTH) {
            return name;
        }
        String mark = "\u2026#" + sha256(name).substring(0, 12);
        return name.substring(0, name.offsetByCodePoints(0, NAME_LENGTH - mark.length())) + mark;
    }

    /**
     * The caller as the key of records of its own (its idempotency keys): the name, or for a name too
     * long to keep whole its SHA-256, so two long names that begin alike never share a key.
     */
    public static String key(Principal principal) {
        if (principal == null) {
            return "anonymous";
        }
        String name = principal.getName();
        return name.codePointCount(0, name.length()) <= NAME_LENGTH ? name : "sha-256:" + sha256(name);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public Optional<UUID> accountId() {
        return uuidClaim(ACCOUNT_ID);
    }

    public Optional<UUID> partnerId() {
        return uuidClaim(PARTNER_ID);
    }

    public Optional<String> tier() {
        return claim(TIER);
    }

    /** Staff see every tenant; customers and partners only their own. */
    public boolean isStaff() {
        return is(Roles.AGENT) || is(Roles.SUPERVISOR) || is(Roles.ADMIN) || is(Roles.OPS);
    }

    /**
     * The tenancy rule of every query: staff see every account; a partner sees the accounts it
     * registered (R-P2); a customer sees its own account only.
     *
     * @param accountId the account a resource belongs to
     * @param partnerId that account's partner, or null
     */
    public boolean maySee(UUID accountId, UUID partnerId) {
        if (isStaff()) {
            return true;
        }
        if (is(Roles.PARTNER)) {
            return partnerId != null && partnerId().map(partnerId::equals).orElse(false);
        }
        return accountId != null && accountId().map(accountId::equals).orElse(false);
    }

    private Optional<String> claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object value = jwt.getClaim(name);
            if (value instanceof JsonString string) {
                return Optional.of(string.getString());
            }
            return value == null ? Optional.empty() : Optional.of(value.toString());
        }
        return Optional.empty();
    }

    private Optional<UUID> uuidClaim(String name) {
        return claim(name).flatMap(value -> {
            try {
                return Optional.of(UUID.fromString(value));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
