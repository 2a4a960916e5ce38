package org.supportdesk.billing.wallet;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.billing.plans.PlanTermsReader;
import org.supportdesk.billing.plans.PlanVersionRow;
import org.supportdesk.billing.rating.RatingEngine;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;

/**
 * R-B7: while a PREPAID account's session runs, billing watches the moment the wallet (and the R-S9
 * minute bank) would be overdrawn, and publishes {@code balance-exhausted} then, so ticket-service
 * stops the session at once. A session that closes first cancels the watch; a top-up during the
 * session moves it (the wallet is looked at again when the watch comes due).
 */
@ApplicationScoped
public class BalanceWatch implements TimerHandler {

    public static final String TIMER = "balance-watch";
    public static final String BALANCE_EXHAUSTED = "org.supportdesk.billing.balance-exhausted.v1";

    public record BalanceExhausted(UUID accountId, UUID sessionId, Instant exhaustedAt) {
    }

    private final DueTimers timers;
    private final Outbox outbox;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final Clock clock;

    BalanceWatch(DueTimers timers, Outbox outbox, com.fasterxml.jackson.databind.ObjectMapper json, Clock clock) {
        this.timers = timers;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A session started: for a PREPAID account, watch for the moment its wallet runs out. */
    public Uni<Void> started(UUID accountId, UUID sessionId, Instant startedAt) {
        return paysFor(accountId).chain(seconds -> seconds == null ? Uni.createFrom().voidItem()
                : timers.schedule(TIMER, sessionId.toString(), startedAt.plusSeconds(seconds),
                        payload(new Watched(accountId, startedAt))));
    }

    /**
     * How many seconds of service a PREPAID account's wallet and R-S9 minute bank pay for now, at the
     * plan's minute rate; null for another account. The running session is not in it yet: a session
     * takes from the wallet when it is rated, after it closed.
     */
    private Uni<Long> paysFor(UUID accountId) {
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId).chain(account -> {
            if (account == null || !"PREPAID".equals(account.planType) || account.planId == null) {
                return Uni.createFrom().nullItem();
            }
            return s.find(PlanVersionRow.class, new PlanVersionRow.Key(account.planId, account.planVersion))
                    .chain(plan -> s.find(Wallet.class, accountId).chain(wallet -> plan == null || wallet == null
                            ? Uni.createFrom().<Long>nullItem()
                            : org.supportdesk.billing.bank.MinuteBanks.open(accountId).map(bank -> {
                                var rate = PlanTermsReader.read(json, plan.terms, java.time.LocalDate.now(clock)).minuteRate();
                                return RatingEngine.prepaidSeconds(new RatingEngine.Wallet(
                                        wallet.minuteCredit + (bank == null ? 0 : bank.left()), wallet.cashCredit), rate);
                            })));
        }));
    }

    /** The sessions closed (they are rated now): nothing to watch any more. */
    public Uni<Void> closed(java.util.Collection<UUID> sessionIds) {
        return timers.cancelAll(TIMER, sessionIds.stream().map(UUID::toString).toList()).replaceWithVoid();
    }

    @Override
    public String kind() {
        return TIMER;
    }

    /**
     * The watch's moment came: the wallet is looked at again, since credits may have come in during the
     * session (R-B6). If it now pays for longer the watch moves to the new moment; otherwise the session
     * ran out (at the earlier of the two moments, should the wallet have shrunk).
     */
    @Override
    public Uni<Void> fire(DueTimer timer) {
        UUID sessionId = UUID.fromString(timer.subject);
        Watched watched = watched(timer.payload);
        // a session rated meanwhile has closed: a watch its rating could not cancel (moved, or being
        // fired by a batch the cancel left it to) ends here
        return rated(sessionId).chain(closed -> closed ? Uni.createFrom().voidItem()
                : watched.startedAt() == null ? exhausted(watched.accountId(), sessionId, timer.dueAt) // set before the start was kept
                : paysFor(watched.accountId())
                .chain(seconds -> {
                    Instant runsOut = seconds == null ? timer.dueAt : watched.startedAt().plusSeconds(seconds);
                    if (runsOut.isAfter(timer.dueAt)) {
                        return timers.schedule(TIMER, timer.subject, runsOut, timer.payload);
                    }
                    return exhausted(watched.accountId(), sessionId, runsOut);
                }));
    }

    private static Uni<Boolean> rated(UUID sessionId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select count(*) from rated_session where session_id = :session", Long.class)
                .setParameter("session", NativeSelects.uncached(sessionId)).getSingleResult()).map(n -> n > 0);
    }

    private Uni<Void> exhausted(UUID accountId, UUID sessionId, Instant at) {
        return outbox.append(BALANCE_EXHAUSTED, sessionId.toString(), accountId.toString(),
                new BalanceExhausted(accountId, sessionId, at)).replaceWithVoid();
    }

    /** What a watch keeps in its timer's payload. */
    record Watched(UUID accountId, Instant startedAt) {
    }

    private String payload(Watched watched) {
        try {
            return json.writeValueAsString(watched);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A payload of a watch, or the bare account id a watch set before it kept the start. */
    private Watched watched(String payload) {
        if (!payload.startsWith("{")) {
            return new Watched(UUID.fromString(payload), null);
        }
        try {
            return json.readValue(payload, Watched.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("balance-watch payload is not a watch: " + payload, e);
        }
    }
}
