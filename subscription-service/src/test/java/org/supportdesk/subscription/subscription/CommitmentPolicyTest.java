package org.supportdesk.subscription.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.supportdesk.subscription.plan.PlanType;
import org.supportdesk.subscription.plan.Tier;
import org.supportdesk.subscription.subscription.CommitmentPolicy.ChangeKind;
import org.supportdesk.subscription.subscription.CommitmentPolicy.Decision;
import org.supportdesk.subscription.subscription.CommitmentPolicy.Freeze;
import org.supportdesk.subscription.subscription.CommitmentPolicy.Period;
import org.supportdesk.subscription.subscription.CommitmentPolicy.PlanRef;

class CommitmentPolicyTest {

    static final PlanRef SILVER_MONTHLY = new PlanRef(PlanType.MONTHLY, Tier.SILVER);
    static final PlanRef GOLD = new PlanRef(PlanType.MONTHLY, Tier.GOLD);
    static final PlanRef GOLD_OTHER = new PlanRef(PlanType.MONTHLY, Tier.GOLD);
    static final PlanRef PLATINUM = new PlanRef(PlanType.MONTHLY, Tier.PLATINUM);
    static final PlanRef PREPAID = new PlanRef(PlanType.PREPAID, Tier.SILVER);
    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");

    static LocalDate d(String date) {
        return LocalDate.parse(date);
    }

    static Optional<LocalDate> end(List<Period> periods, Freeze... freezes) {
        return CommitmentPolicy.commitmentEnd(periods, List.of(freezes), d("2026-12-31"));
    }

    @Test
    void noServiceMeansNoCommitmentR_S5() {
        assertThat(end(List.of(new Period(GOLD, d("2026-01-10"), null, null)))).isEmpty();
    }

    @Test
    void serviceUnderANonSilverPlanCommitsForAMonthFromJoiningItR_S5() {
        assertThat(end(List.of(new Period(GOLD, d("2026-01-10"), null, d("2026-01-20")))))
                .contains(d("2026-02-10"));
    }

    @Test
    void silverPlansHaveNoCommitmentR_S5() {
        assertThat(end(List.of(new Period(SILVER_MONTHLY, d("2026-01-10"), null, d("2026-01-11"))))).isEmpty();
    }

    @Test
    void theCommitmentFollowsThePlanOfTheLastServiceR_S5() {
        // served under GOLD, upgraded to PLATINUM without service there: still GOLD's month
        List<Period> periods = List.of(
                new Period(GOLD, d("2026-01-01"), d("2026-01-10"), d("2026-01-05")),
                new Period(PLATINUM, d("2026-01-10"), null, null));
        assertThat(end(periods)).contains(d("2026-02-01"));
        // then served under PLATINUM: a month from joining PLATINUM
        List<Period> servedAgain = List.of(
                new Period(GOLD, d("2026-01-01"), d("2026-01-10"), d("2026-01-05")),
                new Period(PLATINUM, d("2026-01-10"), null, d("2026-01-15")));
        assertThat(end(servedAgain)).contains(d("2026-02-10"));
        // R-S6: served the same day on a ticket of the plan left and on one of the new plan: the new plan's month
        List<Period> sameDay = List.of(
                new Period(GOLD, d("2026-01-01"), d("2026-01-10"), d("2026-01-15")),
                new Period(PLATINUM, d("2026-01-10"), null, d("2026-01-15")));
        assertThat(end(sameDay)).contains(d("2026-02-10"));
        // R-S6: served in PLATINUM, then on an old ticket of the SILVER plan left before it: still PLATINUM's month
        List<Period> oldTicketLater = List.of(
                new Period(SILVER_MONTHLY, d("2026-01-01"), d("2026-01-10"), d("2026-01-15")),
                new Period(PLATINUM, d("2026-01-10"), null, d("2026-01-12")));
        assertThat(end(oldTicketLater)).contains(d("2026-02-10"));
    }

    @Test
    void aMonthFromTheThirtyFirstEndsOnTheLastDayOfAShortMonthR_S5() {
        assertThat(end(List.of(new Period(GOLD, d("2026-01-31"), null, d("2026-02-01"))))).contains(d("2026-02-28"));
        assertThat(end(List.of(new Period(GOLD, d("2028-01-31"), null, d("2028-02-01"))))).contains(d("2028-02-29"));
        assertThat(end(List.of(new Period(GOLD, d("2026-12-15"), null, d("2026-12-16"))))).contains(d("2027-01-15"));
    }

    @Test
    void freezeDaysDoNotCountTowardTheCommitmentR_S7() {
        Period served = new Period(GOLD, d("2026-03-01"), null, d("2026-03-02"));
        // frozen 10–15 March: six days more
        assertThat(end(List.of(served), new Freeze(d("2026-03-10"), d("2026-03-16")))).contains(d("2026-04-07"));
        // a freeze before joining or after the end changes nothing
        assertThat(end(List.of(served), new Freeze(d("2026-02-01"), d("2026-02-20")))).contains(d("2026-04-01"));
        // a freeze overlapping the extended end extends it again
        assertThat(end(List.of(served), new Freeze(d("2026-03-10"), d("2026-03-16")),
                new Freeze(d("2026-04-03"), d("2026-04-05")))).contains(d("2026-04-09"));
    }

    @Test
    void anOngoingFreezeCountsItsDaysSoFarR_S7() {
        Period served = new Period(GOLD, d("2026-03-01"), null, d("2026-03-02"));
        // frozen since 20 March, asked on the 25th: six frozen days so far
        assertThat(CommitmentPolicy.commitmentEnd(List.of(served), List.of(new Freeze(d("2026-03-20"), null)),
                d("2026-03-25"))).contains(d("2026-04-07"));
        // a day later, one more
        assertThat(CommitmentPolicy.commitmentEnd(List.of(served), List.of(new Freeze(d("2026-03-20"), null)),
                d("2026-03-26"))).contains(d("2026-04-08"));
    }

    @Test
    void anUpgradeIsAlwaysAllowedFromTheNextDayR_S5_R_S4() {
        Decision decision = CommitmentPolicy.decide(GOLD, PLATINUM, d("2026-01-15"), null, Optional.of(d("2026-02-10")));
        assertThat(decision).isEqualTo(new Decision.Allowed(ChangeKind.UPGRADE, d("2026-01-16")));
    }

    @Test
    void aDowngradeDuringTheCommitmentIsBlockedUntilItEndsR_S5() {
        Decision decision = CommitmentPolicy.decide(GOLD, SILVER_MONTHLY, d("2026-01-15"), null,
                Optional.of(d("2026-02-10")));
        assertThat(decision).isEqualTo(new Decision.Blocked(ChangeKind.DOWNGRADE, d("2026-02-10")));
    }

    @Test
    void aSameTierChangeDuringTheCommitmentIsBlockedToo_R_S5() {
        assertThat(CommitmentPolicy.decide(GOLD, GOLD_OTHER, d("2026-01-15"), null, Optional.of(d("2026-02-10"))))
                .isEqualTo(new Decision.Blocked(ChangeKind.SAME_TIER, d("2026-02-10")));
    }

    @Test
    void aFutureDatedChangeFromTheCommitmentEndIsAcceptedR_S5() {
        assertThat(CommitmentPolicy.decide(GOLD, SILVER_MONTHLY, d("2026-01-15"), d("2026-02-10"),
                Optional.of(d("2026-02-10")))).isEqualTo(new Decision.Allowed(ChangeKind.DOWNGRADE, d("2026-02-10")));
        assertThat(CommitmentPolicy.decide(GOLD, SILVER_MONTHLY, d("2026-01-15"), d("2026-02-09"),
                Optional.of(d("2026-02-10")))).isEqualTo(new Decision.Blocked(ChangeKind.DOWNGRADE, d("2026-02-10")));
    }

    @Test
    void onTheLastCommitmentDayADowngradeTakesEffectTheNextMorningR_S5() {
        // joined 10 January: committed through 9 February; asked on the 9th, effective the 10th
        assertThat(CommitmentPolicy.decide(GOLD, SILVER_MONTHLY, d("2026-02-09"), null, Optional.of(d("2026-02-10"))))
                .isEqualTo(new Decision.Allowed(ChangeKind.DOWNGRADE, d("2026-02-10")));
        // an upgrade on that day as well, of course
        assertThat(CommitmentPolicy.decide(GOLD, PLATINUM, d("2026-02-09"), null, Optional.of(d("2026-02-10"))))
                .isEqualTo(new Decision.Allowed(ChangeKind.UPGRADE, d("2026-02-10")));
    }

    @Test
    void aChangeNeverTakesEffectTodayR_S4() {
        assertThat(CommitmentPolicy.decide(SILVER_MONTHLY, PREPAID, d("2026-05-05"), d("2026-05-05"), Optional.empty()))
                .isEqualTo(new Decision.Allowed(ChangeKind.SAME_TIER, d("2026-05-06")));
        assertThat(CommitmentPolicy.decide(SILVER_MONTHLY, PREPAID, d("2026-05-05"), d("2026-05-01"), Optional.empty()))
                .isEqualTo(new Decision.Allowed(ChangeKind.SAME_TIER, d("2026-05-06")));
    }

    @Test
    void aServiceDayStartsAtLocalMidnightAlsoOnDaylightSavingDaysR_S4() {
        // Israel moves to summer time on Friday 27 March 2026 at 02:00, back on Sunday 25 October 2026
        assertThat(CommitmentPolicy.startOf(d("2026-03-27"), JERUSALEM)).isEqualTo(Instant.parse("2026-03-26T22:00:00Z"));
        assertThat(CommitmentPolicy.startOf(d("2026-03-28"), JERUSALEM)).isEqualTo(Instant.parse("2026-03-27T21:00:00Z"));
        assertThat(CommitmentPolicy.startOf(d("2026-10-25"), JERUSALEM)).isEqualTo(Instant.parse("2026-10-24T21:00:00Z"));
        assertThat(CommitmentPolicy.startOf(d("2026-10-26"), JERUSALEM)).isEqualTo(Instant.parse("2026-10-25T22:00:00Z"));
    }
}
