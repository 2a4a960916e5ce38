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
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;

/**
 * R-B7: while a PREPAID account's session runs, billing watches the moment the wallet (and the R-S9
 * minute bank) would be overdrawn, and publishes {@code balance-exhausted} then, so ticket-service
 * stops the session at once. A session that closes first cancels the watch.
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
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId).chain(account -> {
            if (account == null || !"PREPAID".equals(account.planType) || account.planId == null) {
                return Uni.createFrom().voidItem();
            }
            return s.find(PlanVersionRow.class, new PlanVersionRow.Key(account.planId, account.planVersion))
                    .chain(plan -> s.find(Wallet.class, accountId).chain(wallet -> plan == null || wallet == null
                            ? Uni.createFrom().voidItem()
                            : org.supportdesk.billing.bank.MinuteBanks.open(accountId).chain(bank -> {
                                var rate = PlanTermsReader.read(json, plan.terms, java.time.LocalDate.now(clock)).minuteRate();
                                long seconds = RatingEngine.prepaidSeconds(new RatingEngine.Wallet(
                                        wallet.minuteCredit + (bank == null ? 0 : bank.left()), wallet.cashCredit), rate);
                                return timers.schedule(TIMER, sessionId.toString(), startedAt.plusSeconds(seconds),
                                        accountId.toString());
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

    @Override
    public Uni<Void> fire(DueTimer timer) {
        UUID sessionId = UUID.fromString(timer.subject);
        UUID accountId = UUID.fromString(timer.payload);
        return outbox.append(BALANCE_EXHAUSTED, sessionId.toString(), accountId.toString(),
                new BalanceExhausted(accountId, sessionId, timer.dueAt)).replaceWithVoid();
    }
}
