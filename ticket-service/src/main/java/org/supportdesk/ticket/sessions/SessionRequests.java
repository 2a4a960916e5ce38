package org.supportdesk.ticket.sessions;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;

/** What an agent sends to start, stop or record a session. */
public final class SessionRequests {

    private SessionRequests() {
    }

    /** R-T7: a session needs the customer's explicit consent. */
    public record Start(@NotNull Boolean consent) {
    }

    /** Stopping ends the connection for good; the outcome and a fixed-price action (R-B5) are optional. */
    public record Stop(
            RemoteSession.Outcome outcome,
            @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be an action code from the plan's price list") String fixedPriceAction) {
    }

    /**
     * A past session recorded by hand (a correction): when it ran, and optionally by whom, why, and
     * with what outcome; the customer's consent is taken as given unless {@code consent} is false.
     */
    public record Record(
            @Size(max = 200) String agent,
            @NotNull Instant startedAt,
            @NotNull Instant endedAt,
            Boolean consent,
            @Size(max = 500) String reason,
            RemoteSession.Outcome outcome,
            @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "must be an action code from the plan's price list") String fixedPriceAction) {

        /** A recorded session runs forward and lasts at most 12 hours. */
        @AssertTrue(message = "must be after startedAt and at most 12 hours later")
        public boolean isEndedAt() {
            return startedAt == null || endedAt == null
                    || (endedAt.isAfter(startedAt) && !Duration.between(startedAt, endedAt).minusHours(12).isPositive());
        }
    }
}
