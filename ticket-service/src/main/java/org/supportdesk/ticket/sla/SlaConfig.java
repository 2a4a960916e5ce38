package org.supportdesk.ticket.sla;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;

/**
 * R-L2…R-L4, R-T8: the SLA policy of the support center. Category keys are {@code INCIDENT_URGENT},
 * {@code INCIDENT_HIGH}, {@code INCIDENT_NORMAL}, {@code SERVICE_REQUEST}; a category without a
 * target has none. The service's application.properties sets the support-online preset (`001`).
 */
@ConfigMapping(prefix = "ticket.sla")
public interface SlaConfig {

    /** First-response targets in business time, e.g. {@code ticket.sla.first-response.INCIDENT_URGENT=3h}. */
    Map<String, Duration> firstResponse();

    /** Follow-up (update) intervals in business time. */
    Map<String, Duration> followUp();

    /** R-L3: service requests opened before this time on a business day are answered that day. */
    Optional<LocalTime> serviceRequestCutoff();

    /** R-L4: reported by this time on a business day, handling starts within {@link #handlingWithin()}. */
    Optional<LocalTime> handlingCutoff();

    @WithDefault("8h")
    Duration handlingWithin();

    /** R-L4: critical incidents (urgent) are answered and started within this, around the clock. */
    Optional<Duration> criticalWithin();

    /** R-T8: a missed target escalates the ticket one internal tier (T1 → T2 → T3). */
    @WithDefault("true")
    boolean escalateOnBreach();
}
