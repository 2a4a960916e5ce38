package org.supportdesk.platform.testing;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Real signed access tokens from the OIDC test server ({@link OidcWiremockTestResource}), with the
 * realm's roles and the tenant claims the services read.
 */
public final class Tokens {

    private Tokens() {
    }

    public static String customer(UUID accountId) {
        return token("customer-" + accountId, Set.of("customer"), Map.of("account_id", accountId.toString()));
    }

    public static String partner(UUID partnerId) {
        return token("partner-" + partnerId, Set.of("partner"), Map.of("partner_id", partnerId.toString()));
    }

    public static String agent(String tier) {
        return token("agent-" + tier + "-" + UUID.randomUUID(), Set.of("agent"), Map.of("tier", tier));
    }

    public static String withRoles(String... roles) {
        return token("user-" + UUID.randomUUID(), Set.of(roles), Map.of());
    }

    public static String token(String user, Set<String> roles, Map<String, String> claims) {
        Map<String, String> all = new HashMap<>(claims);
        return OidcWiremockTestResource.generateJwtToken(user, roles, user, "Bearer",
                Set.of("https://service.example.com"), all);
    }
}
