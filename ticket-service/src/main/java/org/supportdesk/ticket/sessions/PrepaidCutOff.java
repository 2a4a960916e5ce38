package org.supportdesk.ticket.sessions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;
import org.supportdesk.ticket.tickets.Ticket;

/**
 * R-B7: PREPAID service happens only within the wallet. billing-service says how many seconds the
 * wallet pays for ({@code prepaid-balance-changed}); a PREPAID session starts only when that is
 * positive, and a due timer stops it the moment it is used up, moved whenever the balance changes;
 * billing's own watch ({@code balance-exhausted}) stops it too, whichever comes first.
 */
@ApplicationScoped
public class PrepaidCutOff implements TimerHandler {

    public static final String BALANCE_CHANGED = "org.supportdesk.billing.prepaid-balance-changed.v1";
    public static final String BALANCE_EXHAUSTED = "org.supportdesk.billing.balance-exhausted.v1";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BalanceExhausted(UUID accountId, UUID sessionId, Instant exhaustedAt) {
    }
    /** The timer that stops a running PREPAID session (subject: the session id). */
    public static final String CUT_OFF_TIMER = "prepaid-session-cut-off";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BalanceChanged(UUID accountId, Long availableSeconds, Instant asOf) {
    }

    private final IdempotentConsumer consumer;
    private final DueTimers timers;
    private final SessionService sessions;
    private final ObjectMapper json;
    private final Clock clock;

    PrepaidCutOff(IdempotentConsumer consumer, DueTimers timers, SessionService sessions, ObjectMapper json, Clock clock) {
        this.consumer = consumer;
        this.timers = timers;
        this.sessions = sessions;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("billing-events")
    Uni<Void> onBillingEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("ticket.prepaid-balance", batch,
                type -> BALANCE_EXHAUSTED.equals(type) || BALANCE_CHANGED.equals(type),
                IdempotentConsumer.eachInOrder(this::apply), this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (BALANCE_EXHAUSTED.equals(event.type())) {
            // billing saw the wallet run out while the session ran: it stops at that moment
            BalanceExhausted exhausted = event.dataAs(json, BalanceExhausted.class);
            if (exhausted.sessionId() == null) {
                throw new PoisonMessageException("balance-exhausted " + event.id() + " lacks the session");
            }
            return sessions.cutOff(exhausted.sessionId(),
                    exhausted.exhaustedAt() != null ? exhausted.exhaustedAt() : Instant.now(clock));
        }
        if (!BALANCE_CHANGED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        BalanceChanged changed = event.dataAs(json, BalanceChanged.class);
        if (changed.accountId() == null || changed.availableSeconds() == null) {
            throw new PoisonMessageException("prepaid-balance-changed " + event.id() + " lacks account or seconds");
        }
        Instant asOf = changed.asOf() != null ? changed.asOf() : event.time();
        return Panache.getSession().chain(s -> s.find(PrepaidBalance.class, changed.accountId(),
                org.hibernate.LockMode.PESSIMISTIC_WRITE).chain(balance -> {
                    if (balance != null && balance.asOf != null && asOf != null && balance.asOf.isAfter(asOf)) {
                        return Uni.createFrom().voidItem(); // an older figure arriving late changes nothing
                    }
                    PrepaidBalance row = balance != null ? balance : new PrepaidBalance();
                    row.accountId = changed.accountId();
                    row.availableSeconds = changed.availableSeconds();
                    row.asOf = asOf != null ? asOf : Instant.now(clock);
                    return (balance == null ? s.persist(row) : Uni.createFrom().voidItem())
                            .chain(() -> runningSessionOf(changed.accountId(), null))
                            .chain(running -> running == null ? Uni.createFrom().voidItem() : schedule(running, row));
                }));
    }

    /**
     * At a PREPAID session's start: refuse an empty wallet, or a second session while one runs (the
     * wallet pays one at a time: each is cut off at the whole of it), else set the cut-off (in the
     * start's transaction). The wallet's row is locked first, so two starts for the account's tickets
     * at once take turns and the second sees the first.
     */
    Uni<Void> onStart(Ticket ticket, RemoteSession session) {
        if (!"PREPAID".equals(ticket.planType)) {
            return Uni.createFrom().voidItem();
        }
        return lockedBalance(ticket).chain(balance -> runningSessionOf(ticket.accountId, session.id).chain(running -> {
            if (running != null) {
                throw ProblemException.conflict("session-running", "A session is running",
                        "R-B7: a PREPAID account's wallet pays for one session at a time; session " + running.id
                                + " is running").with("runningSession", running.id);
            }
            return schedule(session, balance);
        }));
    }

    /** R-B7: a past PREPAID session is recorded only if the wallet pays for all of it. */
    Uni<Void> onRecord(Ticket ticket, Instant startedAt, Instant endedAt) {
        if (!"PREPAID".equals(ticket.planType)) {
            return Uni.createFrom().voidItem();
        }
        long seconds = java.time.Duration.between(startedAt, endedAt).toSeconds();
        return lockedBalance(ticket).invoke(balance -> {
            if (balance.availableSeconds < seconds) {
                throw ProblemException.conflict("balance-exhausted", "Wallet too small",
                        "R-B7: a PREPAID account is served only within its wallet, which pays for "
                                + balance.availableSeconds + " s, not " + seconds + " s");
            }
        }).replaceWithVoid();
    }

    /** The account's wallet figure, locked; an empty wallet is refused. */
    private Uni<PrepaidBalance> lockedBalance(Ticket ticket) {
        return Panache.getSession().chain(s -> s.find(PrepaidBalance.class, ticket.accountId,
                org.hibernate.LockMode.PESSIMISTIC_WRITE)).invoke(balance -> {
                    if (balance == null || balance.availableSeconds <= 0) {
                        throw ProblemException.conflict("balance-exhausted", "Wallet empty",
                                "R-B7: a PREPAID account is served only within its wallet, which pays for no more time");
                    }
                });
    }

    private Uni<Void> schedule(RemoteSession session, PrepaidBalance balance) {
        return timers.schedule(CUT_OFF_TIMER, session.id.toString(),
                session.startedAt.plusSeconds(Math.max(0, balance.availableSeconds)), null);
    }

    /** The account's running session other than {@code except} (null: any), or null if none runs. */
    private Uni<RemoteSession> runningSessionOf(UUID accountId, UUID except) {
        return Panache.getSession().chain(s -> s
                .createSelectionQuery("from RemoteSession where accountId = :account and endedAt is null", RemoteSession.class)
                .setParameter("account", accountId).getResultList())
                .map(list -> list.stream().filter(r -> !r.id.equals(except)).findFirst().orElse(null));
    }

    @Override
    public String kind() {
        return CUT_OFF_TIMER;
    }

    /** The wallet is used up: the session stops at once, at its due time (R-B7). */
    @Override
    public Uni<Void> fire(DueTimer timer) {
        return sessions.cutOff(UUID.fromString(timer.subject), timer.dueAt);
    }
}
