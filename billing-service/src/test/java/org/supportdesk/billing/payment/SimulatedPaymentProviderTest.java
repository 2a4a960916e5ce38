package org.supportdesk.billing.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SimulatedPaymentProviderTest {

    @Test
    void theSameInvoiceAndAttemptChargedAgainAnswersTheFirstResultAndMovesNoMoney() {
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
        UUID account = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        provider.failNext(account, 1, "card declined");
        PaymentProvider.Result first = provider.charge(account, invoice, BigDecimal.TEN, "ILS", 1).await().indefinitely();
        PaymentProvider.Result again = provider.charge(account, invoice, BigDecimal.TEN, "ILS", 1).await().indefinitely();
        assertThat(first.approved()).isFalse();
        assertThat(again).isEqualTo(first);
        // the one failure it was told of was used once: the next attempt is approved, and answered once
        PaymentProvider.Result retry = provider.charge(account, invoice, BigDecimal.TEN, "ILS", 2).await().indefinitely();
        assertThat(retry.approved()).isTrue();
        assertThat(provider.charge(account, invoice, BigDecimal.TEN, "ILS", 2).await().indefinitely().reference())
                .isEqualTo(retry.reference());
    }
}
