package org.supportdesk.subscription.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.supportdesk.subscription.plan.PlanType;

class FreezePolicyTest {

    @Test
    void aFirstFailureWithoutWarningIsWarnedNotFrozenR_S7() {
        assertThat(FreezePolicy.onPaymentFailure(PlanType.MONTHLY, false, false)).isEmpty();
    }

    @Test
    void aFailureAfterAWarningAboutTheCardFreezesR_S7() {
        assertThat(FreezePolicy.onPaymentFailure(PlanType.MONTHLY, true, false))
                .contains(FreezeReason.PAYMENT_FAILURE_AFTER_WARNING);
    }

    @Test
    void anotherFailureWhileADebtIsUnpaidFreezesWithoutWarningR_S7() {
        assertThat(FreezePolicy.onPaymentFailure(PlanType.MONTHLY, false, true))
                .contains(FreezeReason.REPEATED_PAYMENT_FAILURE);
    }

    @Test
    void anyFailureOfAnOccasionalCustomerFreezesWithoutWarningR_S7() {
        assertThat(FreezePolicy.onPaymentFailure(PlanType.OCCASIONAL, false, false))
                .contains(FreezeReason.OCCASIONAL_PAYMENT_FAILURE);
    }

    @Test
    void insolvencyGivesSevenDaysNoticeAndTheOthersNoneR_S7() {
        assertThat(FreezeReason.INSOLVENCY.noticeDays()).isEqualTo(7);
        assertThat(FreezeReason.REPEATED_PAYMENT_FAILURE.noticeDays()).isZero();
    }
}
