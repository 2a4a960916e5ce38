package org.supportdesk.platform.clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.supportdesk.platform.AdjustableClock;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Roles;

/**
 * The service's clock, read by staff and, where the configuration makes it adjustable (the local
 * stack), moved forward by ops so that timers of days and months come due now. Identical in every
 * service; elsewhere moving it answers 404, and the path is not routed to the public.
 */
@Path("/api/v1/clock")
public class ClockResource {

    public record ClockView(Instant now, Duration offset, boolean adjustable) {
    }

    public record Advance(@NotNull Duration by) {
    }

    private final Clock clock;

    ClockResource(Clock clock) {
        this.clock = clock;
    }

    @GET
    @RolesAllowed({ Roles.OPS, Roles.ADMIN, Roles.SUPERVISOR, Roles.AGENT })
    public ClockView read() {
        return clock instanceof AdjustableClock adjustable
                ? new ClockView(clock.instant(), adjustable.offset(), true)
                : new ClockView(clock.instant(), Duration.ZERO, false);
    }

    @POST
    @Path("/advance")
    @RolesAllowed({ Roles.OPS, Roles.ADMIN })
    public ClockView advance(@Valid @NotNull Advance request) {
        if (!(clock instanceof AdjustableClock adjustable)) {
            throw ProblemException.notFound("Adjustable clock", "of this service");
        }
        if (request.by().isNegative() || request.by().isZero()) {
            throw ProblemException.unprocessable("clock-backwards", "The clock only moves forward",
                    "'by' must be a positive duration, e.g. P2D or PT1H").with("field", "by");
        }
        try {
            adjustable.advance(request.by());
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("clock-too-far", "The clock would pass the year 9999",
                    "'by' moves the clock past the last instant the services take; the clock is unchanged")
                    .with("field", "by");
        }
        return read();
    }
}
