package org.supportdesk.platform.clock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.AdjustableClock;
import org.supportdesk.platform.testing.Tokens;

@QuarkusTest
class ClockResourceTest {

    @Test
    void aServiceWhoseClockIsNotAdjustableSaysSoAndRefusesToMoveIt() {
        given().auth().oauth2(Tokens.withRoles("ops")).get("/api/v1/clock").then().statusCode(200)
                .body("adjustable", equalTo(false)).body("offset", equalTo("PT0S"));
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(Map.of("by", "P1D"))
                .post("/api/v1/clock/advance").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(java.util.UUID.randomUUID())).contentType("application/json")
                .body(Map.of("by", "P1D")).post("/api/v1/clock/advance").then().statusCode(403);
        given().contentType("application/json").body(Map.of("by", "P1D")).post("/api/v1/clock/advance").then()
                .statusCode(401);
        given().auth().oauth2(Tokens.withRoles("ops")).contentType("application/json").body(Map.of("by", "tomorrow"))
                .post("/api/v1/clock/advance").then().statusCode(400);
    }

    @Test
    void anAdjustableClockOnlyMovesForward() {
        AdjustableClock clock = new AdjustableClock(Duration.ofHours(1));
        Instant before = Instant.now();
        assertThat(clock.instant()).isAfterOrEqualTo(before.plus(Duration.ofHours(1)));
        assertThat(clock.advance(Duration.ofDays(2))).isEqualTo(Duration.ofHours(49));
        assertThat(clock.instant()).isAfterOrEqualTo(before.plus(Duration.ofHours(49)));
        assertThatThrownBy(() -> clock.advance(Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        // past the year 9999, or past what an Instant holds: refused, the clock as it was
        Duration kept = clock.offset();
        assertThatThrownBy(() -> clock.advance(Duration.ofDays(3_000_000))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ofDays(400_000_000_000L))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.offset()).isEqualTo(kept);
        assertThat(clock.instant()).isBefore(Instant.parse("9999-12-31T00:00:00Z"));
    }
}
