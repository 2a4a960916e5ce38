package org.supportdesk.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
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

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
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
