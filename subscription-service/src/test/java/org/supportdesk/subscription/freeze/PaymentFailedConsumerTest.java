package org.supportdesk.subscription.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.supportdesk.platform.testing.CataloguedEvents;
import org.supportdesk.platform.testing.Sql;
import org.supportdesk.platform.testing.Tokens;
import org.supportdesk.subscription.subscription.SubscriptionResourceTest;

@QuarkusTest
class PaymentFailedConsumerTest {

    static final String TYPE = "org.supportdesk.billing.payment-failed.v1";

    static UUID joined(String type) {
        UUID account = SubscriptionResourceTest.account();
        SubscriptionResourceTest.put(account, Tokens.customer(account),
                SubscriptionResourceTest.to(SubscriptionResourceTest.plan(type, type.equals("MONTHLY") ? "GOLD" : "SILVER")))
                .statusCode(200);
        return account;
    }

    /** billing-service reports a failed payment (the catalogued sample) and waits until it was applied. */
    static void paymentFailed(UUID eventId, UUID account, boolean warned, boolean unpaidDebt) {
        paymentFailed(eventId, account, null, warned, unpaidDebt);
    }

    static void paymentFailed(UUID eventId, UUID account, UUID invoice, boolean warned, boolean unpaidDebt) {
        ObjectNode data = CataloguedEvents.sample(TYPE);
        data.put("accountId", account.toString());
        if (invoice != null) {
            data.put("invoiceId", invoice.toString());
        }
        data.put("warnedAboutCard", warned);
        data.put("earlierDebtUnpaid", unpaidDebt);
        CataloguedEvents.publish("billing-events", eventId, TYPE, data.get("invoiceId").asText(), account.toString(),
                data.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from processed_event where event_id = ?1", eventId) == 1);
    }

    /** billing-service reports an invoice paid and waits until it was applied. */
    static void invoicePaid(UUID account, UUID invoice) {
        invoicePaid(account, invoice, false);
    }

    static void invoicePaid(UUID account, UUID invoice, boolean otherDebtUnpaid) {
        String type = "org.supportdesk.billing.invoice-paid.v1";
        ObjectNode data = CataloguedEvents.sample(type);
        data.put("accountId", account.toString());
        data.put("invoiceId", invoice.toString());
        data.put("otherDebtUnpaid", otherDebtUnpaid);
        UUID eventId = UUID.randomUUID();
        CataloguedEvents.publish("billing-events", eventId, type, invoice.toString(), account.toString(), data.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count(
                "select count(*) from processed_event where event_id = ?1", eventId) == 1);
    }

    /**
     * R-S7: a frozen account acts to lift its freeze by paying: the invoice whose failure alone froze
     * it paid (billing's invoice-paid, by the customer or the retry), the freeze is lifted. Another
     * invoice paid changes nothing, nor does paying it while other debt is unpaid, or paying the last of
     * several debts.
     */
    @Test
    void payingTheInvoiceWhoseFailureFrozeTheAccountLiftsTheFreezeR_S7() {
        UUID account = joined("OCCASIONAL");
        UUID invoice = UUID.randomUUID();
        paymentFailed(UUID.randomUUID(), account, invoice, false, false);
        assertThat(freezes(account, "OCCASIONAL_PAYMENT_FAILURE")).isEqualTo(1);
        invoicePaid(account, UUID.randomUUID());
        assertThat(freezes(account, "OCCASIONAL_PAYMENT_FAILURE")).isEqualTo(1);
        // paid while another invoice (issued since, declined) is unpaid: the freeze stays
        invoicePaid(account, invoice, true);
        assertThat(freezes(account, "OCCASIONAL_PAYMENT_FAILURE")).isEqualTo(1);
        invoicePaid(account, invoice);
        assertThat(Sql.count("select count(*) from account where id = ?1 and status = 'ACTIVE'", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1 and ends_at is not null "
                + "and released_by like 'billing-service: invoice%'", account)).isEqualTo(1);
        assertThat(Sql.count("select count(*) from outbox_event where partition_key = ?1 and type = "
                + "'org.supportdesk.subscription.account-unfrozen.v1' and payload like '%\"started\":true%'",
                account.toString())).isEqualTo(1);

        UUID debtor = joined("OCCASIONAL");
        UUID last = UUID.randomUUID();
        paymentFailed(UUID.randomUUID(), debtor, last, false, true);
        invoicePaid(debtor, last);
        assertThat(freezes(debtor, "OCCASIONAL_PAYMENT_FAILURE")).isEqualTo(1);
    }

    static long freezes(UUID account, String reason) {
        return Sql.count("select count(*) from account_freeze f join account a on a.id = f.account_id "
                + "where f.account_id = ?1 and f.reason = ?2 and a.status = 'FROZEN'", account, reason);
    }

    @Test
    void aMonthlyCustomerIsWarnedFirstThenFrozenR_S7() {
        UUID account = joined("MONTHLY");
        paymentFailed(UUID.randomUUID(), account, false, false);
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1", account)).isZero();
        paymentFailed(UUID.randomUUID(), account, true, false);
        assertThat(freezes(account, "PAYMENT_FAILURE_AFTER_WARNING")).isEqualTo(1);
    }

    @Test
    void anOccasionalCustomerIsFrozenAtTheFirstFailureAndOnceR_S7() {
        UUID account = joined("OCCASIONAL");
        UUID eventId = UUID.randomUUID();
        paymentFailed(eventId, account, false, false);
        assertThat(freezes(account, "OCCASIONAL_PAYMENT_FAILURE")).isEqualTo(1);
        // redelivered, and another failure while frozen: still one freeze
        CataloguedEvents.publish("billing-events", eventId, TYPE, "x", account.toString(),
                CataloguedEvents.sample(TYPE).put("accountId", account.toString()).toString());
        paymentFailed(UUID.randomUUID(), account, true, true);
        assertThat(Sql.count("select count(*) from account_freeze where account_id = ?1", account)).isEqualTo(1);
    }
}
