package org.supportdesk.notification.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.supportdesk.notification.email.EmailMessage;
import org.supportdesk.notification.email.EmailTemplates;
import org.supportdesk.notification.feed.FeedMessages;
import org.supportdesk.notification.recipients.Recipient;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.Rows;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;

/**
 * R-T10: a customer asks for a periodic ticket report by email (free); the shared due timers send
 * it at 08:00 in the customer's time zone each day, week (Sunday) or month (the 1st).
 */
@ApplicationScoped
public class TicketReports implements TimerHandler {

    public static final String TIMER = "ticket-report";
    /** A ticket's statuses once its handling is over: it is no longer open. */
    private static final List<String> ENDED = List.of("RESOLVED", "CLOSED", "CANCELLED");
    /** At most this many tickets are listed in a report: the open ones first (newest first), then the newest. */
    static final int LISTED = 100;

    public record ReportView(UUID accountId, TicketReport.Frequency frequency, Instant nextAt) {
    }

    private final DueTimers timers;
    private final EmailTemplates templates;
    private final ObjectMapper json;
    private final ZoneId zone;
    private final Clock clock;

    TicketReports(DueTimers timers, EmailTemplates templates, ObjectMapper json, PlatformConfig config, Clock clock) {
        this.timers = timers;
        this.templates = templates;
        this.json = json;
        this.zone = config.zone();
        this.clock = clock;
    }

    @WithTransaction
    public Uni<ReportView> subscribe(UUID accountId, TicketReport.Frequency frequency, Caller caller) {
        Instant now = Instant.now(clock);
        // locked, so an account-closed being applied meanwhile is waited for and seen (R-S8)
        return Panache.getSession().chain(s -> s.find(Recipient.class, accountId, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .chain(recipient -> {
            if (recipient == null || !caller.maySee(recipient.accountId, recipient.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            if (recipient.closedAt != null) {
                throw ProblemException.conflict("account-closed", "Account closed", "Account " + accountId + " is closed");
            }
            if (recipient.email == null) {
                throw ProblemException.unprocessable("no-email", "No email address",
                        "Account " + accountId + " has no email address for the report");
            }
            return s.find(TicketReport.class, accountId).chain(existing -> {
                TicketReport r = existing != null ? existing : new TicketReport();
                r.accountId = accountId;
                r.frequency = frequency;
                r.nextAt = next(frequency, now, zoneOf(recipient));
                if (existing == null) {
                    r.createdAt = now;
                }
                return (existing == null ? s.persist(r) : Uni.createFrom().voidItem())
                        .chain(() -> timers.schedule(TIMER, accountId.toString(), r.nextAt, null))
                        .replaceWith(new ReportView(accountId, r.frequency, r.nextAt));
            });
        }));
    }

    /** R-T10: the customer stops its report; nothing more is sent. Idempotent. */
    @WithTransaction
    public Uni<Void> unsubscribe(UUID accountId, Caller caller) {
        return Panache.getSession().chain(s -> s.find(Recipient.class, accountId)).chain(recipient -> {
            if (recipient == null || !caller.maySee(recipient.accountId, recipient.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            return stop(accountId);
        });
    }

    /**
     * R-S8: the account closed at {@code at}: it is marked closed (its row locked, so a report asked
     * for meanwhile waits and is refused) and its report ends.
     */
    public Uni<Void> closed(UUID accountId, Instant at) {
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "update Recipient set closedAt = coalesce(closedAt, :t) where accountId = :a")
                .setParameter("t", at).setParameter("a", accountId).executeUpdate())
                .chain(() -> stop(accountId));
    }

    /**
     * Ends an account's report, if it has one: its row and its timer (one firing now finds no report
     * next time). A closed account (R-S8) is sent no more reports.
     */
    private Uni<Void> stop(UUID accountId) {
        return Panache.getSession().chain(s -> s.createMutationQuery("delete from TicketReport where accountId = :a")
                .setParameter("a", accountId).executeUpdate())
                .chain(() -> timers.cancel(TIMER, accountId.toString())).replaceWithVoid();
    }

    /** The customer's own time zone (registered with the account), else the support center's. */
    private ZoneId zoneOf(Recipient recipient) {
        try {
            return recipient.timeZone == null ? zone : ZoneId.of(recipient.timeZone);
        } catch (java.time.DateTimeException e) {
            return zone;
        }
    }

    /** The next sending time: 08:00 in the customer's zone on the next day, Sunday or first of the month. */
    Instant next(TicketReport.Frequency frequency, Instant after, ZoneId zone) {
        LocalDate day = after.atZone(zone).toLocalDate();
        LocalDate next = switch (frequency) {
            case DAILY -> day.plusDays(1);
            case WEEKLY -> day.plusDays(7 - (day.getDayOfWeek().getValue() % 7));
            case MONTHLY -> day.withDayOfMonth(1).plusMonths(1);
        };
        return ZonedDateTime.of(next, java.time.LocalTime.of(8, 0), zone).toInstant();
    }

    /** Whether {@link #track} keeps anything of an event: ticket-opened and ticket-status-changed. */
    private static boolean tracks(IncomingEvent event) {
        return event.type().endsWith(".ticket-opened.v1") || event.type().endsWith(".ticket-status-changed.v1");
    }

    /** Keeps the tickets the report lists, from one ticket-opened or ticket-status-changed. */
    public Uni<Void> track(IncomingEvent event) {
        return trackAll(List.of(event));
    }

    /**
     * Keeps the tickets the report lists from a batch's ticket-opened and ticket-status-changed events,
     * each applied in order as {@link #track} would one by one: the summaries they touch read with one
     * query, the new ones written with one statement ({@link Rows}), the known ones updated at the flush.
     */
    public Uni<Void> trackAll(List<IncomingEvent> events) {
        List<Tracked> tracked = events.stream().filter(TicketReports::tracks).map(this::tracked)
                .filter(Objects::nonNull).toList();
        if (tracked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] tickets = tracked.stream().map(Tracked::ticketId).distinct().toArray(UUID[]::new);
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select * from ticket_summary where ticket_id = any(cast(:t as uuid[]))", TicketSummary.class)
                .setParameter("t", NativeSelects.uncached(tickets)).getResultList()
                .chain(known -> {
                    Map<UUID, TicketSummary> summaries = new HashMap<>();
                    known.forEach(t -> summaries.put(t.ticketId, t));
                    List<TicketSummary> created = new ArrayList<>();
                    for (Tracked event : tracked) {
                        TicketSummary t = summaries.get(event.ticketId());
                        if (t == null) {
                            t = new TicketSummary();
                            t.ticketId = event.ticketId();
                            summaries.put(t.ticketId, t);
                            created.add(t);
                        }
                        apply(t, event);
                    }
                    return Rows.insertAll(s, json, created);
                }));
    }

    private record Tracked(UUID ticketId, boolean opened, JsonNode data, Instant at) {
    }

    /** The event's ticket and data, or null when it names no ticket or account. */
    private Tracked tracked(IncomingEvent event) {
        JsonNode d = event.dataAs(json, JsonNode.class);
        if (!d.hasNonNull("ticketId") || !d.hasNonNull("accountId")) {
            return null;
        }
        return new Tracked(UUID.fromString(d.get("ticketId").asText()), event.type().endsWith(".ticket-opened.v1"), d,
                event.time());
    }

    private static void apply(TicketSummary t, Tracked event) {
        JsonNode d = event.data();
        t.accountId = UUID.fromString(d.get("accountId").asText());
        t.number = d.path("number").asLong(t.number);
        if (event.opened() || t.title == null) {
            t.title = d.path("title").asText(t.title == null ? "" : t.title);
            t.openedAt = d.hasNonNull("openedAt") ? Instant.parse(d.get("openedAt").asText()) : event.at();
        }
        t.status = event.opened() ? d.path("status").asText("NEW") : d.path("to").asText(t.status);
        t.updatedAt = event.at();
    }

    @Override
    public String kind() {
        return TIMER;
    }

    /** Sends the report and schedules the next one (the due timer: one replica, once). */
    @Override
    public Uni<Void> fire(DueTimer timer) {
        UUID accountId = UUID.fromString(timer.subject);
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(TicketReport.class, accountId).chain(report -> report == null
                ? Uni.createFrom().voidItem()
                : s.find(Recipient.class, accountId).chain(recipient -> s.createSelectionQuery(
                        "select count(*), count(*) filter (where status not in :ended) from TicketSummary "
                                + "where accountId = :a", Object[].class)
                        .setParameter("a", accountId).setParameter("ended", ENDED).getSingleResult()
                        .chain(counts -> s.createSelectionQuery("from TicketSummary where accountId = :a "
                                + "order by case when status in :ended then 1 else 0 end, openedAt desc", TicketSummary.class)
                                .setParameter("a", accountId).setParameter("ended", ENDED).setMaxResults(LISTED)
                                .getResultList()
                                .map(listed -> words(listed, (Long) counts[1], (Long) counts[0], recipient.language)))
                        .chain(words -> {
                            var rendered = templates.render(words, recipient.language);
                            EmailMessage m = EmailMessage.pending(accountId,
                                    UUID.nameUUIDFromBytes(("report:" + accountId + ":" + report.nextAt).getBytes()),
                                    "ticket-report", recipient.email, recipient.language, rendered, now);
                            report.nextAt = next(report.frequency, now, zoneOf(recipient));
                            return s.persist(m).chain(() -> timers.schedule(TIMER, accountId.toString(), report.nextAt, null));
                        }))));
    }

    /**
     * The report's words: how many tickets are open of how many in all, then the tickets listed (open
     * ones first, newest first, as read), each with its number and status.
     */
    static FeedMessages.Message words(List<TicketSummary> listed, long open, long total, String language) {
        boolean en = "en".equals(language);
        StringBuilder body = new StringBuilder(en ? open + " open ticket(s) of " + total + ". "
                : open + " פניות פתוחות מתוך " + total + ". ");
        if (listed.size() < total && open >= listed.size()) {
            body.append(en ? "Listed: the " + listed.size() + " newest open ones. "
                    : "ברשימה: " + listed.size() + " הפתוחות האחרונות. ");
        } else if (listed.size() < total) {
            body.append(en ? "Listed: every open one, then the newest of the rest (" + listed.size() + " in all). "
                    : "ברשימה: כל הפתוחות, ואחריהן האחרונות מבין השאר (" + listed.size() + " בסך הכול). ");
        }
        listed.forEach(t -> body.append(en ? "#" : "מס' ").append(t.number).append(" ").append(t.title).append(" — ")
                .append(org.supportdesk.notification.feed.FeedRules.status(t.status, en)).append("; "));
        return new FeedMessages.Message(en ? "Your ticket report" : "דוח הפניות שלך", body.toString().strip());
    }
}
