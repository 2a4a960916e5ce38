package org.supportdesk.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.security.Roles;

/**
 * The authorization matrix over every operation of a service's OpenAPI document: anonymous, an
 * expired token, a token of another issuer and a forged one are refused (401); each role gets in
 * exactly where the operation declares it (otherwise 403); a customer or partner never reaches
 * another tenant's account. Each service runs it against itself:
 * {@code @QuarkusTest class AuthorizationTest extends AuthorizationContract}.
 */
public abstract class AuthorizationContract {

    static final List<String> ROLES = List.of(Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN,
            Roles.OPS);

    @Test
    void everySecuredOperationRefusesAnonymousExpiredForeignAndForgedTokens() throws Exception {
        Map<String, String> refused = Map.of(
                "anonymous", "",
                "expired", signed("https://server.example.com", Instant.now().minusSeconds(3600), true),
                "another issuer", signed("https://issuer.elsewhere.example", Instant.now().plusSeconds(300), true),
                "forged signature", signed("https://server.example.com", Instant.now().plusSeconds(300), false));
        List<String> wrong = new ArrayList<>();
        for (OpenApiOperations.Operation op : OpenApiOperations.read().operations()) {
            String path = op.concretePath(Map.of());
            for (Map.Entry<String, String> token : refused.entrySet()) {
                int status = call(op, path, token.getValue());
                if (op.secured() ? status != 401 : status >= 500) {
                    wrong.add(op + " with " + token.getKey() + ": " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void eachRoleGetsInExactlyWhereTheOperationDeclaresIt() {
        List<String> wrong = new ArrayList<>();
        List<OpenApiOperations.Operation> secured = OpenApiOperations.read().operations().stream()
                .filter(OpenApiOperations.Operation::secured).toList();
        assertThat(secured).isNotEmpty();
        for (OpenApiOperations.Operation op : secured) {
            String path = op.concretePath(Map.of());
            for (String role : ROLES) {
                int status = call(op, path, tokenOf(role, UUID.randomUUID()));
                boolean allowed = op.roles().contains(role);
                if (allowed ? status == 401 || status == 403 || status >= 500 : status != 403) {
                    wrong.add(op + " as " + role + (allowed ? " (declared)" : " (not declared)") + ": " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aCustomerOrPartnerNeverReachesAnotherTenantsAccount() {
        List<String> wrong = new ArrayList<>();
        for (OpenApiOperations.Operation op : OpenApiOperations.read().operations()) {
            if (!op.path().contains("{accountId}") && !op.path().contains("{partnerId}")) {
                continue;
            }
            for (String role : List.of(Roles.CUSTOMER, Roles.PARTNER)) {
                if (!op.roles().contains(role)) {
                    continue;
                }
                // the caller's own tenant is one account or partner; the path names another one
                String path = op.concretePath(Map.of("accountId", UUID.randomUUID().toString(),
                        "partnerId", UUID.randomUUID().toString()));
                int status = call(op, path, tokenOf(role, UUID.randomUUID()));
                if (status < 400 || status >= 500) {
                    wrong.add(op + " as another tenant's " + role + ": " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A token with one role and the claims that role carries (an account, a partner, a tier). */
    protected static String tokenOf(String role, UUID tenant) {
        return switch (role) {
            case Roles.CUSTOMER -> Tokens.customer(tenant);
            case Roles.PARTNER -> Tokens.partner(tenant);
            case Roles.AGENT -> Tokens.token("agent-" + tenant, Set.of(role), Map.of("tier", "1"));
            default -> Tokens.withRoles(role);
        };
    }

    static int call(OpenApiOperations.Operation op, String path, String token) {
        if (op.streams()) {
            return streamStatus(path, token);
        }
        RequestSpecification request = given().redirects().follow(false);
        if (!token.isEmpty()) {
            request = request.auth().oauth2(token);
        }
        if (op.body() != null) {
            request = request.contentType("application/json").body("{}");
        }
        return request.request(op.method(), path).statusCode();
    }

    /** The status of a server-sent event stream, read without waiting for the stream to end. */
    private static int streamStatus(String path, String token) {
        try {
            var connection = (java.net.HttpURLConnection) java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                    + io.restassured.RestAssured.port + path).toURL().openConnection();
            connection.setRequestProperty("Accept", "text/event-stream");
            if (!token.isEmpty()) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(5_000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stream " + path + " did not answer", e);
        }
    }

    /** A token with every role: expired, or from another issuer, or signed with a key nobody trusts. */
    private static String signed(String issuer, Instant expiresAt, boolean trustedKey) throws Exception {
        var claims = Jwt.claims().issuer(issuer).subject("intruder").preferredUserName("intruder")
                .groups(Set.copyOf(ROLES)).audience("https://service.example.com")
                .claim("account_id", UUID.randomUUID().toString()).claim("partner_id", UUID.randomUUID().toString())
                .issuedAt(expiresAt.minusSeconds(600)).expiresAt(expiresAt);
        if (trustedKey) {
            return claims.jws().keyId("1").sign("privateKey.jwk");
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return claims.jws().keyId("1").sign(generator.generateKeyPair().getPrivate());
    }
}
