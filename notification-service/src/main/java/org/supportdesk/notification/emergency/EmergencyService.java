package org.supportdesk.notification.emergency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.notification.feed.FeedMessages;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;

/**
 * R-E1: ops declare and end emergencies. A declaration tells every covered customer at once (here:
 * the in-app feed) and reaches ticket-service as {@code emergency-declared}, which pauses the SLA
 * clocks of covered tickets until {@code emergency-ended}.
 */
@ApplicationScoped
public class EmergencyService {

    public static final String DECLARED = "org.supportdesk.notification.emergency-declared.v1";
    public static final String ENDED = "org.supportdesk.notification.emergency-ended.v1";
    private static final DateTimeFormatter STARTS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public record Scope(boolean allAccounts, @Size(max = 10_000) Set<@NotNull UUID> accountIds) {
    }

    public record Declaration(
            @NotBlank @Size(max = 200) String title,
            @NotBlank @Size(max = 2000) String message,
            @NotNull @Valid Scope scope,
            Instant startsAt,
            Instant expectedEndAt) {

        @AssertTrue(message = "must cover all accounts or list some, not both")
        public boolean isScope() {
            return scope == null || scope.allAccounts() == (scope.accountIds() == null || scope.accountIds().isEmpty());
        }

        @AssertTrue(message = "must be after startsAt")
        public boolean isExpectedEndAt() {
            return expectedEndAt == null || startsAt == null || expectedEndAt.isAfter(startsAt);
        }
    }

    public record Declared(UUID emergencyId, String title, Scope scope, Instant startsAt, Instant expectedEndAt,
            String declaredBy) {
    }

    public record Ended(UUID emergencyId, Instant endedAt, String endedBy) {
    }

    public record EmergencyView(UUID id, String title, String message, Scope scope, Instant startsAt,
            Instant expectedEndAt, String declaredBy, Instant endedAt, String endedBy) {
        static EmergencyView of(Emergency e) {
            return new EmergencyView(e.id, e.title, e.message, new Scope(e.allAccounts, Set.of(e.accountIds)), e.startsAt,
                    e.expectedEndAt, e.declaredBy, e.endedAt, e.endedBy);
        }
    }

    private final Outbox outbox;
    private final org.supportdesk.notification.email.EmailTemplates emails;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final org.supportdesk.notification.webhook.WebhookService webhooks;
    private final PlatformConfig config;

    EmergencyService(Outbox outbox, org.supportdesk.notification.email.EmailTemplates emails, Clock clock,
            com.fasterxml.jackson.databind.ObjectMapper json, org.supportdesk.notification.webhook.WebhookService webhooks,
            PlatformConfig config) {
        this.config = config;
        this.json = json;
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.emails = emails;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<EmergencyView> declare(Declaration request, Caller caller) {
        Instant now = Instant.now(clock);
        Emergency e = new Emergency();
        e.id = TimeOrderedIds.next();
        e.title = request.title().strip();
        e.message = request.message().strip();
        e.allAccounts = request.scope().allAccounts();
        e.accountIds = request.scope().accountIds() == null ? new UUID[0] : request.scope().accountIds().toArray(UUID[]::new);
        e.startsAt = request.startsAt() == null ? now : request.startsAt();
        if (request.expectedEndAt() != null && !request.expectedEndAt().isAfter(e.startsAt)) {
            // no startsAt: it starts now (with one, the request's own check answered 400)
            throw org.supportdesk.platform.problem.ProblemException.unprocessable("expected-end-before-start",
                    "Expected end before the start", "An emergency starting " + e.startsAt
                            + " cannot be expected to end at " + request.expectedEndAt())
                    .with("field", "expectedEndAt");
        }
        e.expectedEndAt = request.expectedEndAt();
        e.declaredBy = caller.name();
        return Panache.getSession().chain(s -> s.persist(e)
                .chain(() -> outbox.append(DECLARED, e.id.toString(), e.id.toString(), new Declared(e.id, e.title,
                        new Scope(e.allAccounts, Set.of(e.accountIds)), e.startsAt, e.expectedEndAt, e.declaredBy)))
                .chain(() -> tell(s, e, "emergency-declared", e.id + ":declared")))
                .replaceWith(() -> EmergencyView.of(e));
    }

    @WithTransaction
    public Uni<EmergencyView> end(UUID id, Caller caller) {
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(Emergency.class, id, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .chain(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("Emergency", id);
                    }
                    if (e.endedAt != null) {
                        throw ProblemException.conflict("emergency-ended", "Already ended",
                                "Emergency " + id + " ended at " + e.endedAt);
                    }
                    e.endedAt = now;
                    e.endedBy = caller.name();
                    return outbox.append(ENDED, e.id.toString(), e.id.toString(), new Ended(e.id, now, e.endedBy))
                            .chain(() -> tell(s, e, "emergency-ended", e.id + ":ended"))
                            .replaceWith(EmergencyView.of(e));
                }));
    }

    /** One emergency, as the list shows it (where its declaration's Location points). */
    @WithSession
    public Uni<EmergencyView> find(UUID id) {
        return Panache.getSession().chain(s -> s.find(Emergency.class, id)).map(e -> {
            if (e == null) {
                throw org.supportdesk.platform.problem.ProblemException.notFound("Emergency", id);
            }
            return EmergencyView.of(e);
        });
    }

    @WithSession
    public Uni<List<EmergencyView>> list() {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from Emergency order by startsAt desc, id desc",
                Emergency.class).setMaxResults(100).getResultList()).map(l -> l.stream().map(EmergencyView::of).toList());
    }

    /** What a partner's webhook tells of the emergency; the partner's covered customers are added to it. */
    private com.fasterxml.jackson.databind.node.ObjectNode partnerData(Emergency e) {
        var data = json.createObjectNode().put("emergencyId", e.id.toString()).put("title", e.title)
                .put("message", e.message).put("allAccounts", e.allAccounts)
                .put("startsAt", e.startsAt.toString());
        data.put("expectedEndAt", e.expectedEndAt == null ? null : e.expectedEndAt.toString());
        data.put("endedAt", e.endedAt == null ? null : e.endedAt.toString());
        data.putArray("accountIds");
        return data;
    }

    /**
     * R-E1: every covered customer is told at once, in its language; one notification each (set-based).
     * A closed account (R-S8) is a customer no more, and is told nothing.
     */
    private Uni<Void> tell(Mutiny.Session s, Emergency e, String kind, String key) {
        Instant now = Instant.now(clock);
        UUID eventId = UUID.nameUUIDFromBytes(key.getBytes());
        // declared ahead: from when, in the support center's zone (R-E1)
        String startsLocal = e.startsAt.isAfter(now)
                ? STARTS.format(e.startsAt.atZone(config.zone())) + " (" + config.zone().getId() + ")" : null;
        FeedMessages.Message he = "emergency-declared".equals(kind)
                ? FeedMessages.emergencyDeclared("he", e.title, e.message, startsLocal)
                : FeedMessages.emergencyEnded("he", e.title);
        FeedMessages.Message en = "emergency-declared".equals(kind)
                ? FeedMessages.emergencyDeclared("en", e.title, e.message, startsLocal)
                : FeedMessages.emergencyEnded("en", e.title);
        if (!e.allAccounts && e.accountIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        var insert = s.createNativeQuery("""
                insert into notification (id, account_id, event_id, channel, kind, subject_id, title, body, created_at)
                select gen_random_uuid(), r.account_id, :event, 'IN_APP', :kind, :subject,
                       case when r.language = 'en' then :enTitle else :heTitle end,
                       case when r.language = 'en' then :enBody else :heBody end, :now
                from recipient r
                where r.closed_at is null
                """ + (e.allAccounts ? "" : "and r.account_id in (:accounts) ") + """
                on conflict (event_id, account_id, channel) do nothing
                """);
        if (!e.allAccounts) {
            insert.setParameter("accounts", List.of(e.accountIds));
        }
        // R-E1: every channel at once: the feed, and email to every covered customer with an address
        var heMail = emails.render(he, "he");
        var enMail = emails.render(en, "en");
        var mail = s.createNativeQuery("""
                insert into email_message (id, account_id, event_id, kind, to_address, language, subject, html, text_body,
                                           status, attempts, next_attempt_at, created_at)
                select gen_random_uuid(), r.account_id, :event, :kind, r.email, r.language,
                       case when r.language = 'en' then :enTitle else :heTitle end,
                       case when r.language = 'en' then :enHtml else :heHtml end,
                       case when r.language = 'en' then :enText else :heText end, 'PENDING', 0, :now, :now
                from recipient r
                where r.email is not null and r.closed_at is null
                """ + (e.allAccounts ? "" : "and r.account_id in (:accounts) ") + """
                on conflict (event_id, account_id) do nothing
                """).setParameter("event", eventId).setParameter("kind", kind)
                .setParameter("enTitle", enMail.subject()).setParameter("heTitle", heMail.subject())
                .setParameter("enHtml", enMail.html()).setParameter("heHtml", heMail.html())
                .setParameter("enText", enMail.text()).setParameter("heText", heMail.text()).setParameter("now", now);
        if (!e.allAccounts) {
            mail.setParameter("accounts", List.of(e.accountIds));
        }
        return mail.executeUpdate()
                // R-N2: each partner with covered customers gets the event once by webhook, naming them
                .chain(() -> webhooks.enqueueToPartners(s, eventId, "emergency-declared".equals(kind) ? DECLARED : ENDED,
                        partnerData(e), now, e.allAccounts ? null : List.of(e.accountIds)))
                .chain(() -> insert.setParameter("event", eventId).setParameter("kind", kind).setParameter("subject", e.id.toString())
                .setParameter("enTitle", en.title()).setParameter("heTitle", he.title())
                .setParameter("enBody", en.body()).setParameter("heBody", he.body()).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

}
