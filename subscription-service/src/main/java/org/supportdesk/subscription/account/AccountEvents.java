package org.supportdesk.subscription.account;

import java.time.Instant;
import java.util.UUID;

/** Events of accounts on {@code subscription-events}; see docs/events/asyncapi.yaml. */
public final class AccountEvents {

    public static final String REGISTERED = "org.supportdesk.subscription.account-registered.v1";

    private AccountEvents() {
    }

    /** An account was registered (R-P1); the read models of ticket- and billing-service start from it. */
    public record AccountRegistered(UUID accountId, String displayName, String email, String timeZone,
            String language, UUID partnerId, String status, Instant registeredAt) {

        static AccountRegistered of(Account account) {
            return new AccountRegistered(account.id, account.displayName, account.email, account.timeZone,
                    account.language, account.partnerId, account.status.name(), account.registeredAt);
        }
    }
}
