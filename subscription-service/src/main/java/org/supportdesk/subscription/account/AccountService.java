package org.supportdesk.subscription.account;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.subscription.account.AccountEvents.AccountRegistered;

@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final Outbox outbox;
    private final Clock clock;

    AccountService(AccountRepository accounts, Outbox outbox, Clock clock) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Registers an account and publishes {@code account-registered} in the same transaction. */
    @WithTransaction
    public Uni<Account> register(NewAccount request, Caller caller) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.displayName = request.displayName().strip();
        account.contactName = request.contactName().strip();
        account.email = request.email().strip().toLowerCase();
        account.phone = request.phone();
        account.timeZone = request.timeZoneOrDefault();
        account.language = request.languageOrDefault();
        // R-P2: a partner registers customers under its own agreement only
        account.partnerId = caller.is(Roles.PARTNER) ? caller.partnerId().orElseThrow(() -> new ProblemException(403, "forbidden",
                "Not allowed", "A partner token must carry partner_id")) : request.partnerId();
        account.status = Account.Status.ACTIVE;
        account.registeredAt = Instant.now(clock);
        return accounts.persist(account)
                .call(saved -> outbox.append(AccountEvents.REGISTERED, saved.id.toString(), saved.id.toString(),
                        AccountRegistered.of(saved)));
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
