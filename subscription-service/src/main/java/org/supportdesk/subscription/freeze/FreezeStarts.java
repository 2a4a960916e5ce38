package org.supportdesk.subscription.freeze;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.subscription.account.Account;

/**
 * R-S7: an account frozen by a freeze, by its start timer or by what must know whether the account
 * was frozen at a moment (a plan change's day, a closure's end, R-S4 and R-S8) while that timer has
 * not fired yet. The caller holds the account's lock ({@code AccountRepository#locked}).
 */
@ApplicationScoped
public class FreezeStarts {

    private final Outbox outbox;

    FreezeStarts(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The account (locked) frozen now by {@code freeze}, and told. */
    Uni<Void> start(Account account, AccountFreeze freeze) {
        account.status = Account.Status.FROZEN;
        return outbox.append(FreezeEvents.FROZEN, account.id.toString(), account.id.toString(),
                new FreezeEvents.AccountFrozen(account.id, freeze.id, freeze.reason.name(), account.status.name(),
                        freeze.startsAt)).replaceWithVoid();
    }

    /**
     * The account (locked) as it was at {@code moment}: a freeze given with notice that started by then,
     * whose timer has not fired (late after an outage, or another worker's at this moment), starts now,
     * as that timer would start it; the timer then finds it in force. Timers of one instant fire in
     * either order, so a plan change or closure due after a freeze's start is decided on a frozen
     * account whichever fires first.
     */
    public Uni<Account> startedBy(Account account, Instant moment) {
        if (account.status != Account.Status.ACTIVE) {
            return Uni.createFrom().item(account);
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery("from AccountFreeze "
                + "where accountId = :account and endsAt is null and startsAt <= :moment order by startsAt",
                AccountFreeze.class)
                .setParameter("account", account.id).setParameter("moment", moment)
                .setMaxResults(1).getResultList())
                .chain(due -> due.isEmpty() ? Uni.createFrom().item(account)
                        : start(account, due.getFirst()).replaceWith(account));
    }
}
