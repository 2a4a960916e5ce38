package org.supportdesk.notification.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.notification.recipients.Recipient;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/** R-N2: partners' webhook endpoints, what each event sends them, the delivery log and replays. */
@ApplicationScoped
public class WebhookService {

    public record NewWebhook(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url,
            @Size(max = 100) String secret,
            @Size(max = 50) Set<@NotNull @Pattern(regexp = "org\\.supportdesk\\.[a-z]+\\.[a-z-]+\\.v\\d+", message = "must be an event type") String> eventTypes) {

        /** A secret of the partner's own is a Standard Webhooks one: {@code whsec_} and the base64 of 24 to 64 bytes. */
        @jakarta.validation.constraints.AssertTrue(message = "must be whsec_ and the base64 of 24 to 64 bytes")
        public boolean isSecret() {
            return secret == null || WebhookSignature.key(secret) != null;
        }
    }

    /** The secret is shown once, when the endpoint is created; afterwards only its last characters. */
    public record WebhookView(UUID id, UUID partnerId, String url, List<String> eventTypes, boolean active, String secret,
            Instant createdAt) {
        static WebhookView of(Webhook w, boolean showSecret) {
            return new WebhookView(w.id, w.partnerId, w.url, List.of(w.eventTypes), w.active,
                    showSecret ? w.secret : "…" + w.secret.substring(w.secret.length() - 4), w.createdAt);
        }
    }

    public record DeliveryView(UUID id, UUID webhookId, UUID eventId, String eventType, UUID accountId,
            WebhookDelivery.Status status, int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError,
            Instant deliveredAt, Instant createdAt) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id, d.webhookId, d.eventId, d.eventType, d.accountId, d.status, d.attempts,
                    d.nextAttemptAt, d.lastStatus, d.lastError, d.deliveredAt, d.createdAt);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;
    private final Clock clock;

    WebhookService(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** An endpoint must be an absolute http(s) URL with a host, or no delivery could ever reach it. */
    private static void requireCallable(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new java.net.URISyntaxException(url, "no host");
            }
        } catch (java.net.URISyntaxException e) {
            throw org.supportdesk.platform.problem.ProblemException.unprocessable("invalid-webhook-url", "Invalid webhook URL",
                    "'" + url + "' is not a URL a delivery can be sent to: " + e.getReason()).with("field", "url");
        }
    }

    @WithTransaction
    public Uni<WebhookView> create(UUID partnerId, NewWebhook request, Caller caller) {
        mayManage(partnerId, caller);
        requireCallable(request.url().strip());
        Webhook w = new Webhook();
        w.id = TimeOrderedIds.next();
        w.partnerId = partnerId;
        w.url = request.url().strip();
        w.secret = request.secret() != null ? request.secret() : WebhookSignature.newSecret(RANDOM);
        w.standardKey = true;
        w.eventTypes = request.eventTypes() == null ? new String[0] : request.eventTypes().toArray(String[]::new);
        w.active = true;
        w.createdBy = caller.name();
        w.createdAt = Instant.now(clock);
        return Panache.getSession().chain(s -> s.persist(w)).replaceWith(WebhookView.of(w, true));
    }

    @WithSession
    public Uni<List<WebhookView>> list(UUID partnerId, Caller caller) {
        mayManage(partnerId, caller);
        return Panache.getSession().chain(s -> s.createSelectionQuery("from Webhook where partnerId = :p order by createdAt",
                Webhook.class).setParameter("p", partnerId).getResultList())
                .map(l -> l.stream().map(w -> WebhookView.of(w, false)).toList());
    }

    @WithSession
    public Uni<Page<DeliveryView>> deliveries(UUID partnerId, WebhookDelivery.Status status, int page, int size,
            Caller caller) {
        mayManage(partnerId, caller);
        String where = "partnerId = :p" + (status == null ? "" : " and status = :status");
        return Panache.getSession().chain(s -> {
            var items = s.createSelectionQuery("from WebhookDelivery where " + where + " order by createdAt desc, id desc",
                    WebhookDelivery.class).setParameter("p", partnerId).setFirstResult(page * size).setMaxResults(size);
            var total = s.createSelectionQuery("select count(*) from WebhookDelivery where " + where, Long.class)
                    .setParameter("p", partnerId);
            if (status != null) {
                items.setParameter("status", status);
                total.setParameter("status", status);
            }
            return items.getResultList().chain(rows -> total.getSingleResult()
                    .map(count -> new Page<>(rows.stream().map(DeliveryView::of).toList(), page, size, count)));
        });
    }

    /** Sends a delivery again from the first attempt (dead-lettered, or delivered but lost by the partner). */
    @WithTransaction
    public Uni<DeliveryView> replay(UUID deliveryId, Caller caller) {
        return Panache.getSession().chain(s -> s.find(WebhookDelivery.class, deliveryId,
                org.hibernate.LockMode.PESSIMISTIC_WRITE)).map(d -> {
                    if (d == null || !mayManageQuietly(d.partnerId, caller)) {
                        throw ProblemException.notFound("Webhook delivery", deliveryId);
                    }
                    if (d.status == WebhookDelivery.Status.PENDING || d.status == WebhookDelivery.Status.SENDING) {
                        throw ProblemException.conflict("delivery-in-progress", "Delivery in progress",
                                "Delivery " + deliveryId + " is " + d.status);
                    }
                    d.status = WebhookDelivery.Status.PENDING;
                    d.attempts = 0;
                    d.nextAttemptAt = Instant.now(clock);
                    d.lastError = null;
                    return DeliveryView.of(d);
                });
    }

    /** The partners' active endpoints, by partner, read with one query. */
    public Uni<java.util.Map<UUID, List<Webhook>>> activeOf(Mutiny.Session s, List<UUID> partners) {
        return partners.isEmpty() ? Uni.createFrom().item(java.util.Map.of())
                : s.createNativeQuery("select * from webhook where partner_id = any(cast(:p as uuid[])) and active", Webhook.class)
                        .setParameter("p", NativeSelects.uncached(partners.toArray(UUID[]::new))).getResultList()
                        .map(hooks -> hooks.stream().collect(java.util.stream.Collectors.groupingBy(w -> w.partnerId)));
    }

    /**
     * R-N2: the deliveries of an event about a partner's customer, one to each of the partner's
     * active endpoints ({@link #activeOf}) that takes its type; none for an account without a partner.
     */
    public List<WebhookDelivery> deliveries(IncomingEvent event, Recipient recipient,
            java.util.Map<UUID, List<Webhook>> activeByPartner, Instant now) {
        if (recipient == null || recipient.partnerId == null) {
            return List.of();
        }
        return activeByPartner.getOrDefault(recipient.partnerId, List.of()).stream()
                .filter(w -> w.eventTypes.length == 0 || List.of(w.eventTypes).contains(event.type()))
                .map(w -> {
                    WebhookDelivery d = new WebhookDelivery();
                    d.id = TimeOrderedIds.next();
                    d.webhookId = w.id;
                    d.partnerId = w.partnerId;
                    d.eventId = event.id();
                    d.eventType = event.type();
                    d.accountId = recipient.accountId;
                    d.body = envelope(event);
                    d.status = WebhookDelivery.Status.PENDING;
                    d.attempts = 0;
                    d.nextAttemptAt = now;
                    d.createdAt = now;
                    return d;
                }).toList();
    }

    /**
     * R-E1, R-N2: an event about many customers (an emergency) goes once to each active endpoint of
     * every partner with customers among them, its data listing them; set-based, in the caller's
     * transaction. {@code accounts} null: every customer. Closed accounts (R-S8) are left out.
     */
    public Uni<Void> enqueueToPartners(Mutiny.Session s, UUID eventId, String type, ObjectNode data, Instant now,
            List<UUID> accounts) {
        var insert = s.createNativeQuery("""
                insert into webhook_delivery (id, webhook_id, partner_id, event_id, event_type, account_id, body, status,
                                              attempts, next_attempt_at, created_at)
                select gen_random_uuid(), w.id, w.partner_id, :event, :type, null,
                       jsonb_set(cast(cast(:envelope as text) as jsonb), '{data,accountIds}', c.accounts)::text, 'PENDING', 0, :now, :now
                from webhook w
                join (select r.partner_id, jsonb_agg(r.account_id order by r.account_id) as accounts from recipient r
                      where r.partner_id is not null and r.closed_at is null
                """ + (accounts == null ? "" : "and r.account_id in (:accounts) ") + """
                      group by r.partner_id) c on c.partner_id = w.partner_id
                where w.active and (cardinality(w.event_types) = 0 or :type = any(w.event_types))
                on conflict (webhook_id, event_id) do nothing
                """).setParameter("event", eventId).setParameter("type", type)
                .setParameter("envelope", envelope(eventId, type, now, data)).setParameter("now", now);
        if (accounts != null) {
            insert.setParameter("accounts", accounts);
        }
        return insert.executeUpdate().replaceWithVoid();
    }

    /** The CloudEvents structured JSON the partner receives. */
    private String envelope(IncomingEvent event) {
        return envelope(event.id(), event.type(), event.time(), event.dataAs(json, JsonNode.class));
    }

    private String envelope(UUID id, String type, Instant time, JsonNode data) {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", id.toString());
        e.put("type", type);
        e.put("source", "/supportdesk");
        if (time != null) {
            e.put("time", time.toString());
        }
        e.put("datacontenttype", "application/json");
        e.set("data", data);
        return e.toString();
    }

    private static void mayManage(UUID partnerId, Caller caller) {
        if (!mayManageQuietly(partnerId, caller)) {
            throw ProblemException.notFound("Partner", partnerId);
        }
    }

    /** Staff manage every partner's webhooks; a partner its own (R-P2). */
    private static boolean mayManageQuietly(UUID partnerId, Caller caller) {
        return caller.is(Roles.ADMIN) || caller.is(Roles.OPS)
                || (caller.is(Roles.PARTNER) && caller.partnerId().map(partnerId::equals).orElse(false));
    }
}
