package org.supportdesk.platform.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.supportdesk.platform.PlatformConfig;

/**
 * Bearer tokens already verified, remembered until they expire, so that a client sending the same
 * token again (a SPA or a partner does, for minutes) is not verified again: parsing the JWT and
 * checking its RS256 signature was about a third of a ticket read's CPU.
 * <p>
 * The key is the whole token, signature included: only the very token the OIDC provider accepted is
 * recognised, so a forged, altered or foreign token is always verified (and refused) as before. An
 * entry is forgotten at the token's {@code exp} (by the system clock, the clock the verification
 * uses), and tokens bound to a key ({@code cnf}: DPoP, mutual TLS) are never remembered, since their
 * proof is per request. At most {@code supportdesk.security.verified-tokens} are kept (0 turns this
 * off); when full, expired ones go first, then arbitrary ones.
 * <p>
 * Two beans of public Quarkus security SPI: {@link Remember}, the first augmentor, keeps each
 * identity the OIDC provider built (without the request it came with); {@link Recall}, the provider
 * tried first, answers a remembered token with that identity and the current request. Every
 * augmentor then runs on it as on a fresh one.
 */
@ApplicationScoped
public class VerifiedTokens {

    private final Map<String, SecurityIdentity> identities = new ConcurrentHashMap<>();
    /** How many requests a remembered identity answered. */
    private final java.util.concurrent.atomic.LongAdder recalled = new java.util.concurrent.atomic.LongAdder();
    private final int capacity;
    private final LongSupplier epochSecond;

    @Inject
    VerifiedTokens(PlatformConfig config) {
        this(config.security().verifiedTokens(), () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokens(int capacity, LongSupplier epochSecond) {
        this.capacity = capacity;
        this.epochSecond = epochSecond;
    }

    /** The identity a token was verified as, if it was and has not expired since. */
    SecurityIdentity recall(String token) {
        SecurityIdentity identity = identities.get(token);
        if (identity == null) {
            return null;
        }
        if (expired(identity)) {
            identities.remove(token, identity);
            return null;
        }
        return identity;
    }

    /** The remembered identity a request is answered with, counted; null when the token must be verified. */
    SecurityIdentity answer(String token) {
        SecurityIdentity identity = recall(token);
        if (identity != null) {
            recalled.increment();
        }
        return identity;
    }

    /** Keeps an identity verified from a bearer token, without request-bound attributes. */
    void remember(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (capacity <= 0 || credential == null || credential.getToken() == null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || expiry(jwt) <= 0 || jwt.containsClaim("cnf") || expired(identity)
                || identities.containsKey(credential.getToken())) {
            return;
        }
        if (identities.size() >= capacity) {
            makeRoom();
        }
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE);
        identities.put(credential.getToken(), QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(attributes)
                .addPermissionChecker(identity::checkPermission)
                .build());
    }

    int size() {
        return identities.size();
    }

    long recalled() {
        return recalled.sum();
    }

    private boolean expired(SecurityIdentity identity) {
        return expiry((JsonWebToken) identity.getPrincipal()) <= epochSecond.getAsLong();
    }

    /** The token's {@code exp} in epoch seconds, 0 when it has none. */
    private static long expiry(JsonWebToken jwt) {
        Object exp = jwt.getClaim("exp");
        if (exp instanceof jakarta.json.JsonNumber number) {
            return number.longValue();
        }
        return exp instanceof Number number ? number.longValue() : 0;
    }

    private void makeRoom() {
        identities.values().removeIf(this::expired);
        Iterator<String> tokens = identities.keySet().iterator();
        for (int excess = identities.size() - capacity + Math.max(1, capacity / 10); excess > 0 && tokens.hasNext(); excess--) {
            tokens.next();
            tokens.remove();
        }
    }

    /** The first augmentor: remembers the identity a bearer token was verified as. */
    @ApplicationScoped
    static class Remember implements SecurityIdentityAugmentor {

        private final VerifiedTokens tokens;

        Remember(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (!identity.isAnonymous()) {
                tokens.remember(identity);
            }
            return Uni.createFrom().item(identity);
        }
    }

    /** Tried before the OIDC provider: a remembered token's identity, bound to this request; else nothing. */
    @ApplicationScoped
    static class Recall implements IdentityProvider<TokenAuthenticationRequest> {

        private final VerifiedTokens tokens;

        Recall(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        /**
         * Above every other provider's: quarkus-oidc's takes the default priority (1001, above
         * {@code SYSTEM_FIRST}), and the first provider to answer is the one that verifies.
         */
        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            SecurityIdentity identity = request.getToken() == null ? null : tokens.answer(request.getToken().getToken());
            if (identity == null) {
                return Uni.createFrom().nullItem();
            }
            RoutingContext current = HttpSecurityUtils.getRoutingContextAttribute(request);
            return Uni.createFrom().item(current == null ? identity
                    : QuarkusSecurityIdentity.builder(identity)
                            .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, current).build());
        }
    }
}
