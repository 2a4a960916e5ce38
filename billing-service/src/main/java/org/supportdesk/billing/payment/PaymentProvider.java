package org.supportdesk.billing.payment;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * The payment provider port: charges the payment method an account registered with the provider
 * (billing never sees card numbers). A real provider's adapter implements it; the suite ships the
 * simulated one (local stack and tests), which approves unless told to fail.
 */
public interface PaymentProvider {

    record Result(boolean approved, String reference, String reason) {
    }

    /**
     * Charges an invoice. {@code (invoiceId, attempt)} is the idempotency key an adapter hands to its
     * provider: the same key charged again (a rolled-back transaction run once more) answers the first
     * result and moves no money.
     */
    Uni<Result> charge(UUID accountId, UUID invoiceId, BigDecimal amount, String currency, int attempt);

    /**
     * Pays money back to the payment method the account (or partner) paid with: what a credit owes of
     * what it paid. {@code (invoiceId, attempt)} (the invoice voided, or the invoice whose total is a
     * credit) is the idempotency key, as a charge's: refunded again (a rolled-back transaction run once
     * more), the provider answers the first result and moves no money.
     */
    Uni<Result> refund(UUID accountId, UUID invoiceId, int attempt, BigDecimal amount, String currency);
}
