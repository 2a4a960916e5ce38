package org.supportdesk.ticket.emergency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.ticket.sla.SlaService;
import org.supportdesk.ticket.tickets.Ticket;

/**
 * R-E1, R-L5: emergencies declared and ended in notification-service; while one lasts, the SLA clocks
 * of the tickets it covers pause (tickets opened meanwhile start paused).
 */
@ApplicationScoped
public class Emergencies {

    public static final String DECLARED = "org.supportdesk.notification.emergency-declared.v1";
    public static final String ENDED = "org.supportdesk.notification.emergency-ended.v1";
    private static final java.util.Set<String> HANDLED = java.util.Set.of(DECLARED, ENDED);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scope(boolean allAccounts, List<UUID> accountIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EmergencyDeclared(UUID emergencyId, String title, Scope scope, Instant startsAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EmergencyEnded(UUID emergencyId, Instant endedAt) {
    }

    private final IdempotentConsumer consumer;
    private final SlaService sla;
    private final ObjectMapper json;
    private final Clock clock;

    Emergencies(IdempotentConsumer consumer, SlaService sla, ObjectMapper json, Clock clock) {
        this.consumer = consumer;
        this.sla = sla;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("notification-events")
    Uni<Void> onNotificationEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("ticket.emergencies", batch, HANDLED::contains,
                IdempotentConsumer.eachInOrder(this::apply), this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case DECLARED -> declared(event.dataAs(json, EmergencyDeclared.class), event);
            case ENDED -> ended(event.dataAs(json, EmergencyEnded.class), event);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> declared(EmergencyDeclared declared, IncomingEvent event) {
        if (declared.emergencyId() == null || declared.scope() == null) {
            throw new PoisonMessageException("emergency-declared " + event.id() + " lacks its id or scope");
        }
        Emergency emergency = new Emergency();
        emergency.id = declared.emergencyId();
        emergency.allAccounts = declared.scope().allAccounts();
        emergency.accountIds = declared.scope().accountIds() == null ? new UUID[0]
                : declared.scope().accountIds().toArray(UUID[]::new);
        emergency.title = declared.title() == null ? "" : declared.title();
        emergency.startsAt = declared.startsAt() != null ? declared.startsAt() : Instant.now(clock);
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.persist(emergency))
                .chain(() -> openTickets(emergency))
                .chain(tickets -> each(tickets, ticket -> {
                    ticket.pausedForEmergency = true;
                    return sla.pause(ticket, now);
                }));
    }

    private Uni<Void> ended(EmergencyEnded ended, IncomingEvent event) {
        if (ended.emergencyId() == null) {
            throw new PoisonMessageException("emergency-ended " + event.id() + " lacks its id");
        }
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(Emergency.class, ended.emergencyId()))
                .chain(emergency -> {
                    if (emergency == null || emergency.endedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    emergency.endedAt = ended.endedAt() != null ? ended.endedAt() : now;
                    return Panache.getSession().chain(s -> s.flush()).chain(() -> active()).chain(still -> Panache
                            .getSession().chain(s -> s.createSelectionQuery(
                                    "from Ticket where pausedForEmergency = true order by id", Ticket.class)
                                    .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE).getResultList())
                            .chain(paused -> each(paused.stream()
                                    .filter(t -> still.stream().noneMatch(e -> e.covers(t.accountId))).toList(), ticket -> {
                                        ticket.pausedForEmergency = false;
                                        return sla.resume(ticket, now);
                                    })));
                });
    }

    private Uni<List<Emergency>> active() {
        return Panache.getSession().chain(s -> s
                .createSelectionQuery("from Emergency where endedAt is null", Emergency.class).getResultList());
    }

    /**
     * The open tickets the emergency covers, locked in id order (as a transition locks its ticket): a
     * ticket a transition or a timer changes meanwhile is waited for and read as it then is (one
     * finished meanwhile is left out), so pausing it writes back nothing older.
     */
    private Uni<List<Ticket>> openTickets(Emergency emergency) {
        String scope = emergency.allAccounts ? "" : " and accountId in :accounts";
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery("from Ticket where status not in :finished" + scope + " order by id",
                            Ticket.class)
                    .setParameter("finished", org.supportdesk.ticket.tickets.TicketStatusPolicy.FINISHED)
                    .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE);
            if (!emergency.allAccounts) {
                query.setParameter("accounts", List.of(emergency.accountIds));
            }
            return emergency.allAccounts || emergency.accountIds.length > 0 ? query.getResultList()
                    : Uni.createFrom().item(List.<Ticket>of());
        });
    }

    private static Uni<Void> each(List<Ticket> tickets, java.util.function.Function<Ticket, Uni<Void>> action) {
        return Multi.createFrom().iterable(tickets).onItem().transformToUniAndConcatenate(ticket -> action.apply(ticket)).collect().last()
                .replaceWithVoid();
    }
}
