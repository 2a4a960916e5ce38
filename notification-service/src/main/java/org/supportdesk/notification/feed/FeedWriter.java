package org.supportdesk.notification.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.notification.email.EmailMessage;
import org.supportdesk.notification.webhook.WebhookDelivery;
import org.supportdesk.notification.preferences.Preference;
import org.supportdesk.notification.recipients.Recipient;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.Rows;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * R-N1, R-N2: puts what an event tells its account into the account's in-app feed, in the account's
 * language, and queues it for the account's partner's webhooks; one notification per (event,
 * account, channel) and one delivery per (endpoint, event), so a redelivery tells no one twice.
 * Runs in the consumer's transaction; a consumed batch is told at once ({@link #tellAll}).
 */
@ApplicationScoped
public class FeedWriter {

    public static final String IN_APP = "IN_APP";

    public static final String EMAIL = "EMAIL";

    private final org.supportdesk.notification.webhook.WebhookService webhooks;
    private final org.supportdesk.notification.email.EmailTemplates emails;
    private final ObjectMapper json;
    private final Clock clock;

    FeedWriter(org.supportdesk.notification.webhook.WebhookService webhooks,
            org.supportdesk.notification.email.EmailTemplates emails, ObjectMapper json, Clock clock) {
        this.webhooks = webhooks;
        this.emails = emails;
        this.json = json;
        this.clock = clock;
    }

    public Uni<Void> tell(IncomingEvent event) {
        return tellAll(List.of(event));
    }

    /** An event about an account, read. */
    private record About(IncomingEvent event, JsonNode data, UUID accountId) {
    }

    /**
     * A consumed batch's events told at once, each as on its own: their accounts' recipients and
     * preferences and their partners' endpoints are read with one query each, each event worked out
     * in order, and the feed entries, e-mails and webhook deliveries written with one statement
     * ({@link Rows#insertTogether}).
     */
    public Uni<Void> tellAll(List<IncomingEvent> events) {
        return tellAll(events, false);
    }

    /**
     * R-N1, R-N2: an account's registration arrived after events about it: those kept untold are mailed
     * and delivered to its partner now (their feed entries were written when they came), and go. The
     * recipient must be written already.
     */
    public Uni<Void> tellRegistered(UUID accountId) {
        return Panache.getSession().chain(s -> lockRegistrations(s, new UUID[] { accountId })
                .chain(() -> s.createSelectionQuery(
                        "from UntoldEvent where accountId = :a order by createdAt, id", UntoldEvent.class)
                        .setParameter("a", accountId).getResultList())
                .chain(untold -> untold.isEmpty() ? Uni.createFrom().voidItem()
                        : tellAll(untold.stream().map(u -> u.event(json)).toList(), true)
                                .chain(() -> s.createMutationQuery("delete from UntoldEvent where id in :ids")
                                        .setParameter("ids", untold.stream().map(u -> u.id).toList()).executeUpdate())
                                .replaceWithVoid()));
    }

    /**
     * R-N1, R-N2: an account's registration ({@link #tellRegistered}) and an event about it found
     * unregistered take the same lock, the account's, until they commit, and the event reads the
     * recipient again once it holds it: so an event never slips between the two, kept untold after
     * the registration looked for what was untold. Each transaction takes all it needs at once, in
     * order (a batch of registrations before its first, RecipientProjector), so two never wait for
     * each other in a circle; taking one again is free.
     */
    public static Uni<Void> lockRegistrations(Mutiny.Session s, UUID[] accounts) {
        if (accounts.length == 0) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ordered = accounts.clone();
        Arrays.sort(ordered);
        return s.createNativeQuery("select count(pg_advisory_xact_lock(hashtextextended(cast(a as text), 0))) "
                + "from unnest(cast(:a as uuid[])) a", Long.class)
                .setParameter("a", NativeSelects.uncached(ordered)).getSingleResult().replaceWithVoid();
    }

    /** {@code feedWritten}: the events' feed entries exist (told before the registration): mail and webhooks only. */
    private Uni<Void> tellAll(List<IncomingEvent> events, boolean feedWritten) {
        List<About> about = new ArrayList<>();
        for (IncomingEvent event : events) {
            JsonNode data = event.dataAs(json, JsonNode.class);
            JsonNode account = data.path("accountId");
            if (account.isMissingNode() || account.isNull()) {
                continue; // not about an account (a plan, a partner)
            }
            try {
                about.add(new About(event, data, UUID.fromString(account.asText())));
            } catch (IllegalArgumentException e) {
                throw new PoisonMessageException(event.type() + " " + event.id() + " has no valid accountId");
            }
        }
        if (about.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] accounts = about.stream().map(About::accountId).distinct().toArray(UUID[]::new);
        Map<UUID, Recipient> recipients = new HashMap<>();
        Map<UUID, Preference> preferences = new HashMap<>();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select * from recipient where account_id = any(cast(:a as uuid[]))", Recipient.class)
                .setParameter("a", NativeSelects.uncached(accounts)).getResultList()
                .invoke(rows -> rows.forEach(r -> recipients.put(r.accountId, r)))
                .chain(() -> registeredMeanwhile(s, accounts, recipients))
                .chain(() -> s.createNativeQuery("select * from notification_preference where account_id = any(cast(:a as uuid[]))",
                        Preference.class).setParameter("a", NativeSelects.uncached(accounts)).getResultList())
                .invoke(rows -> rows.forEach(p -> preferences.put(p.accountId, p)))
                .chain(() -> webhooks.activeOf(s, recipients.values().stream().map(r -> r.partnerId)
                        .filter(java.util.Objects::nonNull).distinct().toList()))
                .chain(hooks -> {
                    Instant now = Instant.now(clock);
                    List<WebhookDelivery> deliveries = new ArrayList<>();
                    List<Notification> feed = new ArrayList<>();
                    List<EmailMessage> mails = new ArrayList<>();
                    List<UntoldEvent> untold = new ArrayList<>();
                    for (About a : about) {
                        Recipient recipient = recipients.get(a.accountId());
                        if (recipient == null) {
                            // not registered yet: no address, no partner known; told when it is
                            untold.add(UntoldEvent.of(a.event(), a.accountId(), now));
                        }
                        // R-N2: the partner hears of its customers' events by signed webhook
                        deliveries.addAll(webhooks.deliveries(a.event(), recipient, hooks, now));
                        told(a, recipient, preferences.get(a.accountId()), now, feedWritten ? new ArrayList<>() : feed,
                                mails);
                    }
                    return Rows.insertTogether(s, json, List.of(deliveries, feed, mails, untold));
                }));
    }

    /** Accounts not registered when the batch was read: locked as their registrations lock them, and read again. */
    private static Uni<Void> registeredMeanwhile(Mutiny.Session s, UUID[] accounts, Map<UUID, Recipient> recipients) {
        UUID[] unregistered = Arrays.stream(accounts).filter(a -> !recipients.containsKey(a)).toArray(UUID[]::new);
        if (unregistered.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return lockRegistrations(s, unregistered)
                .chain(() -> s.createNativeQuery("select * from recipient where account_id = any(cast(:a as uuid[]))",
                        Recipient.class).setParameter("a", NativeSelects.uncached(unregistered)).getResultList())
                .invoke(rows -> rows.forEach(r -> recipients.put(r.accountId, r)))
                .replaceWithVoid();
    }

    /** What an event tells its account, in the feed and by e-mail, as its preferences have it. */
    private void told(About a, Recipient recipient, Preference preference, Instant now, List<Notification> feed,
            List<EmailMessage> mails) {
        // the account's registration may still be on its way: Hebrew is the default
        String language = recipient == null ? "he" : recipient.language;
        var told = FeedRules.of(a.event().type(), a.data(), language);
        if (told.isEmpty()) {
            return;
        }
        // opt-outs are honoured, except for legally required messages
        if (Preference.wants(preference, told.get().kind(), IN_APP)) {
            Notification n = new Notification();
            n.id = TimeOrderedIds.next();
            n.accountId = a.accountId();
            n.eventId = a.event().id();
            n.channel = IN_APP;
            n.kind = told.get().kind();
            n.subjectId = told.get().subject().isEmpty() ? a.accountId().toString() : told.get().subject();
            n.title = told.get().message().title();
            n.body = told.get().message().body();
            n.createdAt = now;
            feed.add(n);
        }
        if (recipient == null || recipient.email == null || !Preference.wants(preference, told.get().kind(), EMAIL)) {
            return;
        }
        var rendered = emails.render(told.get().message(), language);
        EmailMessage m = EmailMessage.pending(a.accountId(), a.event().id(), told.get().kind(), recipient.email, language,
                rendered, now);
        mails.add(m);
    }
}
