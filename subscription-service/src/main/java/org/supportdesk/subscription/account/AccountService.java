package org.supportdesk.subscription.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.rest.Page;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.subscription.account.AccountEvents.AccountRegistered;
import org.supportdesk.subscription.partner.Partner;
import org.supportdesk.subscription.referral.ReferralService;

@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final ReferralService referrals;
    private final Outbox outbox;
    private final Clock clock;

    AccountService(AccountRepository accounts, ReferralService referrals, Outbox outbox, Clock clock) {
        this.accounts = accounts;
        this.referrals = referrals;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Registers an account and publishes {@code account-registered} in the same transaction. */
    @WithTransaction
    public Uni<Account> register(NewAccount request, Caller caller) {
        Account account = new Account();
        account.id = TimeOrderedIds.next();
        account.displayName = request.displayName().strip();
        account.contactName = request.contactName().strip();
        account.email = request.email().strip().toLowerCase();
        account.phone = request.phone();
        account.paymentMethodRef = request.paymentMethodRef();
        account.timeZone = request.timeZoneOrDefault();
        account.language = request.languageOrDefault();
        account.status = Account.Status.ACTIVE;
        account.registeredAt = Instant.now(clock);
        // R-P2: a partner registers customers under its own agreement only
        account.partnerId = caller.is(Roles.PARTNER) ? caller.partnerId().orElseThrow(() -> new ProblemException(403, "forbidden",
                "Not allowed", "A partner token must carry partner_id")) : request.partnerId();
        if (account.partnerId == null) {
            return persist(account, request.referralCode());
        }
        return Panache.getSession().chain(session -> session.find(Partner.class, account.partnerId))
                .chain(partner -> {
                    if (partner == null) {
                        throw ProblemException.unprocessable("unknown-partner", "Unknown partner",
                                "Partner " + account.partnerId + " is not registered");
                    }
                    return persist(account, request.referralCode());
                });
    }

    private Uni<Account> persist(Account account, String referralCode) {
        return accounts.persist(account)
                .call(saved -> outbox.append(AccountEvents.REGISTERED, saved.id.toString(), saved.id.toString(),
                        AccountRegistered.of(saved)))
                .call(saved -> referralCode == null ? Uni.createFrom().voidItem()
                        : referrals.recordJoin(saved.id, referralCode));
    }

    /**
     * Accounts, newest first: of one partner, or (staff only) all. A partner lists its own customers
     * only; another partner's list answers "not found".
     */
    @WithSession
    public Uni<Page<AccountView>> list(UUID requestedPartner, int page, int size, Caller caller) {
        // a partner asking without naming one means its own customers
        UUID partnerId = requestedPartner == null && !caller.isStaff() ? caller.partnerId().orElse(null) : requestedPartner;
        if (!caller.isStaff() && (partnerId == null || !caller.maySee(null, partnerId))) {
            throw ProblemException.notFound("Partner", partnerId);
        }
        String where = partnerId == null ? "" : " where partnerId = :partner";
        return Panache.getSession().chain(session -> {
            var items = session.createSelectionQuery("from Account" + where + " order by registeredAt desc, id desc",
                    Account.class).setFirstResult(page * size).setMaxResults(size);
            var total = session.createSelectionQuery("select count(*) from Account" + where, Long.class);
            if (partnerId != null) {
                items.setParameter("partner", partnerId);
                total.setParameter("partner", partnerId);
            }
            return items.getResultList().chain(rows -> total.getSingleResult()
                    .map(count -> new Page<>(rows.stream().map(AccountView::of).toList(), page, size, count)));
        });
    }

    /** The account if the caller may see it; another tenant's account is "not found". */
    @WithSession
    public Uni<Account> find(UUID id, Caller caller) {
        return accounts.findById(id).map(account -> {
            if (account == null || !caller.maySee(account.id, account.partnerId)) {
                throw ProblemException.notFound("Account", id);
            }
            return account;
        });
    }

}
