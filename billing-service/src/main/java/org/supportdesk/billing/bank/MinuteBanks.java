package org.supportdesk.billing.bank;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.UUID;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;

/**
 * R-S9: the minute bank an account brings from MONTHLY to PREPAID: opened on the move, used by its
 * PREPAID sessions before the wallet, settled by the month's invoice (where its free minutes pay the
 * old subscription's debt if the customer chose so).
 */
@ApplicationScoped
@Path("/api/v1/accounts/{accountId}/minute-bank")
public class MinuteBanks {

    public record Choice(@NotNull Boolean applyToDebt) {
    }

    public record BankView(UUID accountId, YearMonth period, int minutes, int usedByPrepaid, int left,
            boolean applyToDebt, boolean settled) {
        static BankView of(MinuteBank b) {
            return new BankView(b.accountId, YearMonth.from(b.periodStart), b.minutes, b.usedByPrepaid, b.left(),
                    b.applyToDebt, b.settledAt != null);
        }
    }

    private final Caller caller;

    MinuteBanks(Caller caller) {
        this.caller = caller;
    }

    /**
     * On a MONTHLY → PREPAID move, in the consumer's transaction: the bank of {@code month}, the month of
     * the last MONTHLY day, unless that month is invoiced already (a move heard late): its run settles
     * the bank, and no later run would.
     */
    public static Uni<Void> open(UUID accountId, YearMonth month, int minutes, BigDecimal minuteRate) {
        return Panache.getSession().chain(s -> s.find(MinuteBank.class, new MinuteBank.Key(accountId, month.atDay(1)))
                .chain(existing -> existing != null ? Uni.createFrom().item(true) : s.createSelectionQuery(
                        "select count(*) from Invoice where accountId = :a and kind = 'MONTHLY' and periodStart = :p",
                        Long.class).setParameter("a", accountId).setParameter("p", month.atDay(1)).getSingleResult()
                        .map(invoiced -> invoiced > 0))
                .chain(settledOrKept -> {
                    if (settledOrKept) {
                        return Uni.createFrom().voidItem();
                    }
                    MinuteBank bank = new MinuteBank();
                    bank.accountId = accountId;
                    bank.periodStart = month.atDay(1);
                    bank.minutes = minutes;
                    bank.minuteRate = minuteRate;
                    return s.persist(bank);
                }));
    }

    /** The open (unsettled) bank of the account, locked, if any. */
    public static Uni<MinuteBank> open(UUID accountId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from MinuteBank where accountId = :a and settledAt is null order by periodStart desc", MinuteBank.class)
                .setParameter("a", accountId).setMaxResults(1).setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .getResultList()).map(list -> list.isEmpty() ? null : list.getFirst());
    }

    @GET
    @io.quarkus.hibernate.reactive.panache.common.WithSession
    @jakarta.annotation.security.RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN,
            Roles.OPS })
    public Uni<BankView> get(@PathParam("accountId") UUID accountId) {
        return visible(accountId).chain(account -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from MinuteBank where accountId = :a order by periodStart desc", MinuteBank.class)
                .setParameter("a", accountId).setMaxResults(1).getResultList()))
                .map(list -> {
                    if (list.isEmpty()) {
                        throw ProblemException.notFound("Minute bank of account", accountId);
                    }
                    return BankView.of(list.getFirst());
                });
    }

    /** R-S9: the customer chooses whether the bank's free minutes pay the old subscription's debt. */
    @PUT
    @WithTransaction
    @jakarta.annotation.security.RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.ADMIN })
    public Uni<BankView> choose(@PathParam("accountId") UUID accountId, @Valid @NotNull Choice choice) {
        return visible(accountId).chain(account -> open(accountId)).map(bank -> {
            if (bank == null) {
                throw ProblemException.notFound("Open minute bank of account", accountId);
            }
            bank.applyToDebt = choice.applyToDebt();
            return BankView.of(bank);
        });
    }

    private Uni<BillingAccount> visible(UUID accountId) {
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId)).map(account -> {
            if (account == null || !caller.maySee(account.accountId, account.partnerId)) {
                throw ProblemException.notFound("Account", accountId);
            }
            return account;
        });
    }
}
