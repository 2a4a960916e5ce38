package org.supportdesk.subscription.referral;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.supportdesk.subscription.subscription.CommitmentPolicy;

/** R-B13: when a referral earns its credit, and how much. Pure. */
public final class ReferralPolicy {

    private ReferralPolicy() {
    }

    /** A stay in a plan with its monthly fee: {@code startsOn} to the day before {@code endsOn} (null: ongoing). */
    public record FeeStay(BigDecimal monthlyFee, LocalDate startsOn, LocalDate endsOn) {
    }

    /** The first full calendar month of an account that joined on {@code joinedOn}. */
    public static YearMonth firstFullMonth(LocalDate joinedOn) {
        YearMonth month = YearMonth.from(joinedOn);
        return joinedOn.getDayOfMonth() == 1 ? month : month.plusMonths(1);
    }

    /**
     * R-B13 with R-B11's proration: the average monthly fee the account paid in {@code month}: each
     * plan's fee weighted by the days the account spent in it that month, frozen days carrying no fee
     * (R-S7), over the days of the month. Exact; rounded only where money is credited.
     */
    public static BigDecimal averageMonthlyFee(YearMonth month, List<FeeStay> stays,
            List<CommitmentPolicy.Freeze> freezes) {
        LocalDate first = month.atDay(1);
        LocalDate afterLast = month.plusMonths(1).atDay(1);
        BigDecimal weighted = BigDecimal.ZERO;
        for (FeeStay stay : stays) {
            LocalDate from = later(stay.startsOn(), first);
            LocalDate until = stay.endsOn() == null ? afterLast : earlier(stay.endsOn(), afterLast);
            if (!from.isBefore(until) || stay.monthlyFee().signum() == 0) {
                continue;
            }
            long paidDays = ChronoUnit.DAYS.between(from, until) - frozenDays(freezes, from, until);
            weighted = weighted.add(stay.monthlyFee().multiply(BigDecimal.valueOf(paidDays)));
        }
        return weighted.divide(BigDecimal.valueOf(month.lengthOfMonth()), 10, RoundingMode.HALF_EVEN);
    }

    /** The member's credit: the campaign's percentage of the average fee, to the cent (half up). */
    public static BigDecimal credit(BigDecimal averageMonthlyFee, BigDecimal percent) {
        return averageMonthlyFee.multiply(percent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    private static long frozenDays(List<CommitmentPolicy.Freeze> freezes, LocalDate from, LocalDate until) {
        long days = 0;
        for (CommitmentPolicy.Freeze freeze : freezes) {
            LocalDate start = later(freeze.from(), from);
            LocalDate stop = freeze.until() == null ? until : earlier(freeze.until(), until);
            if (start.isBefore(stop)) {
                days += ChronoUnit.DAYS.between(start, stop);
            }
        }
        return days;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
