package org.supportdesk.subscription.referral;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** Looks at a referred account's month once it has ended (R-B13), through the shared due timers. */
@ApplicationScoped
public class ReferralTimer implements TimerHandler {

    private final ReferralService referrals;

    ReferralTimer(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Override
    public String kind() {
        return ReferralService.EVALUATION_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return referrals.evaluate(UUID.fromString(timer.subject));
    }
}
