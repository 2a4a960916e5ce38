package org.supportdesk.ticket.sla;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.ticket.tickets.Ticket;

/**
 * R-L1, R-L2: calendars and SLA policies made through the API, and which one governs a ticket: the
 * policy of the plan it was opened under, else the default policy, else the configured one
 * (ticket.calendar.*, ticket.sla.*). Policies never change, so each is built once and cached.
 */
@ApplicationScoped
public class SlaPolicies {

    /** A policy ready to use: its rules, its calendar, and whether a breach escalates. */
    public record Governing(UUID id, SlaPolicy policy, BusinessCalendar calendar, boolean escalateOnBreach) {
    }

    public record CalendarRequest(
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 200) String name,
            @org.supportdesk.platform.validation.TimeZoneId String timeZone,
            @jakarta.validation.constraints.NotEmpty @jakarta.validation.constraints.Size(max = 14) List<@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Pattern(
                    regexp = "(SUN|MON|TUE|WED|THU|FRI|SAT)(-(SUN|MON|TUE|WED|THU|FRI|SAT))? \\d{2}:\\d{2}-\\d{2}:\\d{2}",
                    message = "must be working hours such as SUN-THU 08:30-17:00") String> hours,
            @jakarta.validation.constraints.Size(max = 1000) Set<@jakarta.validation.constraints.NotNull LocalDate> closedDays) {
    }

    public record CalendarView(UUID id, String name, String timeZone, List<String> hours, List<LocalDate> closedDays,
            Instant createdAt) {
        static CalendarView of(CalendarEntity c) {
            return new CalendarView(c.id, c.name, c.timeZone, List.of(c.hours), List.of(c.closedDays).stream().sorted().toList(),
                    c.createdAt);
        }
    }

    public record PolicyRequest(
            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 200) String name,
            @jakarta.validation.constraints.NotNull UUID calendarId,
            @jakarta.validation.constraints.NotNull Map<SlaPolicy.Category, @jakarta.validation.constraints.NotNull Duration> firstResponse,
            Map<SlaPolicy.Category, @jakarta.validation.constraints.NotNull Duration> followUp,
            LocalTime serviceRequestCutoff,
            LocalTime handlingCutoff,
            Duration handlingWithin,
            Duration criticalWithin,
            Boolean escalateOnBreach,
            @jakarta.validation.constraints.Size(max = 100) Set<@jakarta.validation.constraints.NotNull UUID> planIds,
            boolean isDefault) {

        @jakarta.validation.constraints.AssertTrue(message = "durations must be positive and at most 30 days")
        public boolean isDurations() {
            java.util.stream.Stream<Duration> all = java.util.stream.Stream.concat(
                    firstResponse == null ? java.util.stream.Stream.empty() : firstResponse.values().stream(),
                    followUp == null ? java.util.stream.Stream.empty() : followUp.values().stream());
            all = java.util.stream.Stream.concat(all, java.util.stream.Stream.of(handlingWithin, criticalWithin));
            return all.filter(java.util.Objects::nonNull)
                    .allMatch(d -> d.isPositive() && d.compareTo(Duration.ofDays(30)) <= 0);
        }
    }

    public record PolicyView(UUID id, String name, UUID calendarId, Map<SlaPolicy.Category, Duration> firstResponse,
            Map<SlaPolicy.Category, Duration> followUp, LocalTime serviceRequestCutoff, LocalTime handlingCutoff,
            Duration handlingWithin, Duration criticalWithin, boolean escalateOnBreach, List<UUID> planIds,
            boolean isDefault, Instant createdAt) {
    }

    private static final TypeReference<Map<SlaPolicy.Category, Duration>> TARGETS = new TypeReference<>() {
    };

    private final SlaPolicy configuredPolicy;
    private final BusinessCalendar configuredCalendar;
    private final SlaConfig config;
    private final PlatformConfig platform;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<UUID, Governing> built = new ConcurrentHashMap<>();

    SlaPolicies(SlaPolicy configuredPolicy, BusinessCalendar configuredCalendar, SlaConfig config,
            PlatformConfig platform, ObjectMapper json, Clock clock) {
        this.configuredPolicy = configuredPolicy;
        this.configuredCalendar = configuredCalendar;
        this.config = config;
        this.platform = platform;
        this.json = json;
        this.clock = clock;
    }

    /** The configured policy (ticket.calendar.*, ticket.sla.*). */
    public Governing configured() {
        return new Governing(null, configuredPolicy, configuredCalendar, config.escalateOnBreach());
    }

    /** The policy governing this ticket (the one it was opened under). */
    public Uni<Governing> of(Ticket ticket) {
        return ticket.slaPolicyId == null ? Uni.createFrom().item(configured()) : byId(ticket.slaPolicyId);
    }

    private Uni<Governing> byId(UUID id) {
        Governing cached = built.get(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Panache.getSession().chain(s -> s.find(PolicyEntity.class, id)
                .chain(p -> s.find(CalendarEntity.class, p.calendarId).map(c -> {
                    Governing governing = new Governing(p.id, policy(p), c.calendar(), p.escalateOnBreach);
                    built.put(id, governing);
                    return governing;
                })));
    }

    private SlaPolicy policy(PolicyEntity p) {
        return new SlaPolicy(targets(p.firstResponse), targets(p.followUp), Optional.ofNullable(p.serviceRequestCutoff),
                Optional.ofNullable(p.handlingCutoff), Duration.ofSeconds(p.handlingWithinSeconds),
                Optional.ofNullable(p.criticalWithinSeconds).map(Duration::ofSeconds));
    }

    private Map<SlaPolicy.Category, Duration> targets(String text) {
        try {
            Map<SlaPolicy.Category, Duration> targets = new EnumMap<>(SlaPolicy.Category.class);
            targets.putAll(json.readValue(text, TARGETS));
            return targets;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable SLA targets " + text, e);
        }
    }

    @WithTransaction
    public Uni<CalendarView> createCalendar(CalendarRequest request, Caller caller) {
        CalendarEntity c = new CalendarEntity();
        c.id = TimeOrderedIds.next();
        c.name = request.name().strip();
        c.timeZone = request.timeZone() == null ? platform.zone().getId() : request.timeZone();
        c.hours = request.hours().stream().map(String::strip).toArray(String[]::new);
        c.closedDays = request.closedDays() == null ? new LocalDate[0] : request.closedDays().toArray(LocalDate[]::new);
        c.createdBy = caller.name();
        c.createdAt = Instant.now(clock);
        try {
            c.calendar(); // R-L1: refuse hours that close before they open, or a week without hours
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("invalid-calendar", "Invalid calendar", e.getMessage()).with("field", "hours");
        }
        return Panache.getSession().chain(s -> s.persist(c)).replaceWith(CalendarView.of(c));
    }

    @WithSession
    public Uni<List<CalendarView>> calendars() {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from BusinessCalendarRow order by createdAt desc, id desc",
                CalendarEntity.class).getResultList()).map(list -> list.stream().map(CalendarView::of).toList());
    }

    @WithSession
    public Uni<CalendarView> calendar(UUID id) {
        return Panache.getSession().chain(s -> s.find(CalendarEntity.class, id)).map(c -> {
            if (c == null) {
                throw ProblemException.notFound("Calendar", id);
            }
            return CalendarView.of(c);
        });
    }

    @WithTransaction
    public Uni<PolicyView> createPolicy(PolicyRequest request, Caller caller) {
        return Panache.getSession().chain(s -> s.find(CalendarEntity.class, request.calendarId()).chain(calendar -> {
            if (calendar == null) {
                throw ProblemException.unprocessable("unknown-calendar", "Unknown calendar",
                        "No calendar has id " + request.calendarId()).with("field", "calendarId");
            }
            PolicyEntity p = new PolicyEntity();
            p.id = TimeOrderedIds.next();
            p.name = request.name().strip();
            p.calendarId = calendar.id;
            p.firstResponse = write(request.firstResponse());
            p.followUp = write(request.followUp() == null ? Map.of() : request.followUp());
            p.serviceRequestCutoff = request.serviceRequestCutoff();
            p.handlingCutoff = request.handlingCutoff();
            p.handlingWithinSeconds = (request.handlingWithin() == null ? Duration.ofHours(8) : request.handlingWithin()).toSeconds();
            p.criticalWithinSeconds = request.criticalWithin() == null ? null : request.criticalWithin().toSeconds();
            p.escalateOnBreach = request.escalateOnBreach() == null || request.escalateOnBreach();
            p.planIds = request.planIds() == null ? new UUID[0] : request.planIds().toArray(UUID[]::new);
            p.isDefault = request.isDefault();
            p.createdBy = caller.name();
            p.createdAt = Instant.now(clock);
            return s.persist(p).replaceWith(view(p));
        }));
    }

    @WithSession
    public Uni<List<PolicyView>> policies() {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from SlaPolicyRow order by createdAt desc, id desc",
                PolicyEntity.class).getResultList()).map(list -> list.stream().map(this::view).toList());
    }

    @WithSession
    public Uni<PolicyView> policy(UUID id) {
        return Panache.getSession().chain(s -> s.find(PolicyEntity.class, id)).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("SLA policy", id);
            }
            return view(p);
        });
    }

    private PolicyView view(PolicyEntity p) {
        return new PolicyView(p.id, p.name, p.calendarId, targets(p.firstResponse), targets(p.followUp),
                p.serviceRequestCutoff, p.handlingCutoff, Duration.ofSeconds(p.handlingWithinSeconds),
                p.criticalWithinSeconds == null ? null : Duration.ofSeconds(p.criticalWithinSeconds), p.escalateOnBreach,
                List.of(p.planIds), p.isDefault, p.createdAt);
    }

    private String write(Map<SlaPolicy.Category, Duration> targets) {
        try {
            return json.writeValueAsString(new java.util.TreeMap<>(targets));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
