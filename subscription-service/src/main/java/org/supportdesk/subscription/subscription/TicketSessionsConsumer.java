package org.supportdesk.subscription.subscription;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.subscription.account.AccountRepository;
import org.supportdesk.subscription.closure.ClosureService;

/**
 * Reads ticket-service's session events: R-S5, the day an account last received service, on the plan
 * period it fell in (the commitment follows it); R-S8, which sessions are being handled, so a closure
 * waits until all handling ends.
 *
 * <p>A poll is applied set-based: its sessions' last events decide which are being handled, with a
 * statement each for those that started and those that ended, and the days of service move with one
 * statement. Only when a closure waits on one of the poll's accounts (rare) is the poll applied event by
 * event, so the closure happens exactly when the last handling ends.
 */
@ApplicationScoped
public class TicketSessionsConsumer {

    static final String SESSION_STARTED = "org.supportdesk.ticket.session-started.v1";
    static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";
    private static final Set<String> HANDLED = Set.of(SESSION_STARTED, SESSION_CLOSED);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionStarted(UUID sessionId, UUID accountId, Instant startedAt, UUID planId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionClosed(UUID sessionId, UUID accountId, Instant startedAt, Instant endedAt, Long seconds, UUID planId) {

        /**
         * R-S5: whether the session gave service: it lasted at all, to the millisecond of its instants,
         * as billing counts it (R-B1: 0.4 s is a minute); {@code seconds} (whole, for display) when an
         * instant is missing.
         */
        boolean served() {
            return startedAt != null && endedAt != null ? endedAt.isAfter(startedAt) : seconds == null || seconds > 0;
        }
    }

    private final IdempotentConsumer consumer;
    private final ObjectMapper json;
    private final PlatformConfig config;

    private final ClosureService closures;
    private final AccountRepository accounts;

    TicketSessionsConsumer(IdempotentConsumer consumer, ObjectMapper json, PlatformConfig config,
            ClosureService closures, AccountRepository accounts) {
        this.consumer = consumer;
        this.json = json;
        this.config = config;
        this.closures = closures;
        this.accounts = accounts;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("subscription.service-received", batch, HANDLED::contains, this::applyAll,
                this::apply);
    }

    /** A poll's session events, in order, in the consumer's one transaction. */
    Uni<Void> applyAll(List<IncomingEvent> events) {
        Map<UUID, Object> lastOfSession = new LinkedHashMap<>(); // a SessionStarted or a SessionClosed
        Set<UUID> accounts = new LinkedHashSet<>();
        List<SessionClosed> served = new ArrayList<>();
        for (IncomingEvent event : events) {
            if (SESSION_STARTED.equals(event.type())) {
                SessionStarted started = startedOf(event);
                lastOfSession.put(started.sessionId(), started);
                accounts.add(started.accountId());
            } else {
                SessionClosed closed = closedOf(event);
                if (closed.sessionId() != null) {
                    lastOfSession.put(closed.sessionId(), closed);
                }
                accounts.add(closed.accountId());
                if (closed.served()) {
                    served.add(closed);
                }
            }
        }
        // R-S5: the accounts locked first, as one session's end locks its account (apply): a plan change's
        // or a closure's timer deciding by an account's last day of service takes turns with the batch
        // that moves it, so neither decides by a stale day nor writes one back over the other
        return this.accounts.lockedAll(accounts).chain(() -> closures.waitingForHandling(accounts)).chain(waiting -> waiting
                ? IdempotentConsumer.eachInOrder(this::apply).apply(events)
                : handled(lastOfSession.values()).chain(() -> serviceReceived(served)));
    }

    Uni<Void> apply(IncomingEvent event) {
        if (SESSION_STARTED.equals(event.type())) {
            return handled(List.of(startedOf(event)));
        }
        if (!SESSION_CLOSED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        SessionClosed closed = closedOf(event);
        Uni<Void> handled = closed.sessionId() == null ? Uni.createFrom().voidItem()
                : handled(List.of(closed)).chain(() -> closures.handlingEnded(closed.accountId()));
        // the account locked first (AccountRepository.locked), before its periods: the end of handling
        // may close it, as a plan change or a closure takes the account, then the periods
        Uni<Void> served = !closed.served() ? Uni.createFrom().voidItem() // no service
                : serviceReceived(List.of(closed));
        return accounts.locked(closed.accountId()).chain(() -> served).chain(() -> handled);
    }

    private SessionStarted startedOf(IncomingEvent event) {
        SessionStarted started = event.dataAs(json, SessionStarted.class);
        if (started.sessionId() == null || started.accountId() == null || started.startedAt() == null) {
            throw new PoisonMessageException("session-started " + event.id() + " lacks sessionId, accountId or startedAt");
        }
        return started;
    }

    private SessionClosed closedOf(IncomingEvent event) {
        SessionClosed closed = event.dataAs(json, SessionClosed.class);
        if (closed.accountId() == null || closed.endedAt() == null) {
            throw new PoisonMessageException("session-closed " + event.id() + " lacks accountId or endedAt");
        }
        return closed;
    }

    /**
     * The sessions being handled after their last events: one that last started is added (a copy of
     * one known already changes nothing), one that last closed is removed.
     */
    private Uni<Void> handled(java.util.Collection<?> lastEvents) {
        List<SessionStarted> started = lastEvents.stream().filter(SessionStarted.class::isInstance)
                .map(SessionStarted.class::cast).toList();
        List<UUID> ended = lastEvents.stream().filter(SessionClosed.class::isInstance)
                .map(e -> ((SessionClosed) e).sessionId()).toList();
        return Panache.getSession().chain(session -> {
            Uni<Integer> removed = ended.isEmpty() ? Uni.createFrom().item(0)
                    : session.createNativeQuery("delete from active_session where session_id = any(cast(:sessions as uuid[]))")
                            .setParameter("sessions", ended.toArray(UUID[]::new)).executeUpdate();
            return removed.chain(ignored -> started.isEmpty() ? Uni.createFrom().item(0) : session.createNativeQuery("""
                    insert into active_session (session_id, account_id, started_at, plan_id)
                    select * from unnest(cast(:sessions as uuid[]), cast(:accounts as uuid[]), cast(cast(:at as text[]) as timestamptz[]),
                                         cast(cast(:plans as text[]) as uuid[]))
                    on conflict do nothing
                    """)
                    .setParameter("sessions", started.stream().map(SessionStarted::sessionId).toArray(UUID[]::new))
                    .setParameter("accounts", started.stream().map(SessionStarted::accountId).toArray(UUID[]::new))
                    .setParameter("at", started.stream().map(e -> e.startedAt().toString()).toArray(String[]::new))
                    .setParameter("plans", started.stream().map(e -> e.planId() == null ? null : e.planId().toString())
                            .toArray(String[]::new))
                    .executeUpdate());
        }).replaceWithVoid();
    }

    /**
     * R-S5 with R-S6: service is received in the plan its ticket is priced under: the latest period of
     * that plan begun by the day the session ended, though the account has moved to another plan since;
     * the period in force that day when the ticket's plan is not one of the account's (or not told).
     * Each such period keeps the latest day as its last day of service (never moved back), with one
     * statement for all of them.
     */
    private Uni<Void> serviceReceived(List<SessionClosed> served) {
        if (served.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                update subscription_period p set last_service_on = m.day
                from (select s.id, max(s.day) as day
                      from (select coalesce(
                                (select t.id from subscription_period t where t.account_id = v.account_id
                                        and t.plan_id = v.plan_id and t.starts_on <= v.day
                                 order by t.starts_on desc limit 1),
                                (select c.id from subscription_period c where c.account_id = v.account_id
                                        and c.starts_on <= v.day and (c.ends_on is null or c.ends_on > v.day))) as id,
                                   v.day
                            from unnest(cast(:accounts as uuid[]), cast(:plans as uuid[]),
                                        cast(cast(:days as text[]) as date[])) as v (account_id, plan_id, day)) s
                      where s.id is not null
                      group by s.id) m
                where p.id = m.id and (p.last_service_on is null or p.last_service_on < m.day)
                """)
                .setParameter("accounts", served.stream().map(SessionClosed::accountId).toArray(UUID[]::new))
                .setParameter("plans", served.stream().map(SessionClosed::planId).toArray(UUID[]::new))
                .setParameter("days", served.stream()
                        .map(c -> LocalDate.ofInstant(c.endedAt(), config.zone()).toString()).toArray(String[]::new))
                .executeUpdate()).replaceWithVoid();
    }
}
