package org.supportdesk.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** What a remembered token answers, and when it is forgotten. */
class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aVerifiedTokenIsRecalledWithItsRolesAndClaimsButNotTheRequestItCameWith() {
        VerifiedTokens tokens = new VerifiedTokens(10, now::get);
        tokens.remember(identity("t1", now.get() + 60, Map.of("account_id", "a-1"), "request of t1"));

        SecurityIdentity recalled = tokens.recall("t1");
        assertThat(recalled.getRoles()).containsExactly("customer");
        assertThat(((JsonWebToken) recalled.getPrincipal()).<String>getClaim("account_id")).isEqualTo("a-1");
        assertThat(recalled.getCredential(AccessTokenCredential.class).getToken()).isEqualTo("t1");
        assertThat(recalled.getAttributes()).doesNotContainKey(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE)
                .containsEntry("tenant-id", "Default");
        assertThat(tokens.recall("t2")).as("only the very token verified").isNull();
    }

    @Test
    void aTokenIsForgottenWhenItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(10, now::get);
        tokens.remember(identity("t1", now.get() + 60, Map.of(), null));
        now.addAndGet(59);
        assertThat(tokens.recall("t1")).isNotNull();
        now.addAndGet(1);
        assertThat(tokens.recall("t1")).isNull();
        assertThat(tokens.size()).isZero();
        tokens.remember(identity("t1", now.get(), Map.of(), null));
        assertThat(tokens.size()).as("an expired token is not remembered").isZero();
    }

    @Test
    void aKeyBoundTokenOrOneWithoutExpiryIsNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, now::get);
        tokens.remember(identity("dpop", now.get() + 60, Map.of("cnf", Map.of("jkt", "thumbprint")), null));
        tokens.remember(identity("forever", 0, Map.of(), null));
        assertThat(tokens.size()).isZero();
        VerifiedTokens off = new VerifiedTokens(0, now::get);
        off.remember(identity("t1", now.get() + 60, Map.of(), null));
        assertThat(off.recall("t1")).isNull();
    }

    @Test
    void aFullCacheDropsExpiredTokensFirstAndNeverHoldsMoreThanItsCapacity() {
        VerifiedTokens tokens = new VerifiedTokens(20, now::get);
        for (int i = 0; i < 10; i++) {
            tokens.remember(identity("short-" + i, now.get() + 10, Map.of(), null));
        }
        for (int i = 0; i < 10; i++) {
            tokens.remember(identity("long-" + i, now.get() + 600, Map.of(), null));
        }
        now.addAndGet(10);
        tokens.remember(identity("new", now.get() + 600, Map.of(), null));
        assertThat(tokens.size()).isEqualTo(11);
        for (int i = 0; i < 10; i++) {
            assertThat(tokens.recall("long-" + i)).isNotNull();
        }
        for (int i = 0; i < 100; i++) {
            tokens.remember(identity("more-" + i, now.get() + 600, Map.of(), null));
            assertThat(tokens.size()).isLessThanOrEqualTo(20);
        }
        assertThat(tokens.recall("more-99")).as("the newest is kept").isNotNull();
    }

    private static SecurityIdentity identity(String token, long exp, Map<String, Object> claims, Object request) {
        var builder = QuarkusSecurityIdentity.builder().setPrincipal(new Jwt(token, exp, claims)).addRole("customer")
                .addCredential(new AccessTokenCredential(token)).addAttribute("tenant-id", "Default");
        if (request != null) {
            builder.addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, request);
        }
        return builder.build();
    }

    /** A verified token's principal: its claims, {@code exp} among them unless 0. */
    private record Jwt(String token, long exp, Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return "user";
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return switch (claimName) {
                case "exp" -> exp == 0 ? null : (T) Long.valueOf(exp);
                case "raw_token" -> (T) token;
                default -> (T) claims.get(claimName);
            };
        }
    }
}
