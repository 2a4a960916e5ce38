package org.supportdesk.subscription.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.hibernate.LockMode;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /**
     * The account, its row locked for the caller's transaction (null if there is none). The one rule for
     * work that changes an account's status or decides by it (R-S7 freezes, R-S8 closures and the end of
     * handling they wait for, R-S4 plan changes, R-B13 referrals): it locks the account first, before
     * any closure, freeze or plan-change row, so such work on one account takes turns, each reading
     * what the one before committed, and never waits on another crosswise.
     */
    public Uni<Account> locked(UUID accountId) {
        return Panache.getSession().chain(session -> session.find(Account.class, accountId, LockMode.PESSIMISTIC_WRITE));
    }

    /** {@link #locked}'s rule for a batch of accounts: their rows locked in id order, with one statement. */
    public Uni<Void> lockedAll(java.util.Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("select id from account "
                + "where id = any(cast(:ids as uuid[])) order by id for no key update", UUID.class)
                .setParameter("ids", org.supportdesk.platform.persistence.NativeSelects.uncached(
                        accountIds.toArray(UUID[]::new)))
                .getResultList()).replaceWithVoid();
    }
}
