package org.supportdesk.platform.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A bearer token sent again is answered from {@link VerifiedTokens}, until it expires. */
@QuarkusTest
class RememberedTokenTest {

    @Inject
    VerifiedTokens tokens;

    @Test
    void aTokenSentAgainIsRememberedUntilItExpiresAndAnAlteredOneIsStillRefused() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(4);
        String token = Jwt.claims().issuer("https://server.example.com").subject("short-lived")
                .preferredUserName("short-lived").groups(Set.of("customer")).audience("https://service.example.com")
                .claim("account_id", UUID.randomUUID().toString()).issuedAt(Instant.now()).expiresAt(expiresAt)
                .jws().keyId("1").sign("privateKey.jwk");

        assertThat(count(token)).isEqualTo(200);
        assertThat(tokens.recall(token)).as("remembered once verified").isNotNull();
        long recalled = tokens.recalled();
        assertThat(count(token)).isEqualTo(200);
        assertThat(tokens.recalled()).as("the second request answered from memory, not verified again").isEqualTo(recalled + 1);
        // the same header and claims with another signature is another token: verified, and refused
        String altered = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(token.length() - token.lastIndexOf('.') - 1);
        assertThat(count(altered)).isEqualTo(401);

        while (Instant.now().isBefore(expiresAt.plusSeconds(2))) {
            Thread.sleep(200);
        }
        assertThat(count(token)).as("refused once expired, though remembered before").isEqualTo(401);
        assertThat(tokens.recall(token)).isNull();
    }

    private static int count(String token) {
        return given().auth().oauth2(token).get("/api/v1/widgets").statusCode();
    }
}
