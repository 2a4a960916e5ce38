package org.supportdesk.billing.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * R-B11: a month's included minutes re-allotted as the day-weighted mix of the plans the account
 * was in: each plan's monthly allowance times its days in the month, over the month's days (whole
 * minutes, rounded down); a plan without a monthly allowance adds nothing. Pure.
 */
public final class MonthlyAllowance {

    private MonthlyAllowance() {
    }

    /** A stay in a plan: its monthly allowance (null: none), {@code startsOn} to the day before {@code endsOn}. */
    public record Stay(Integer perMonth, LocalDate startsOn, LocalDate endsOn) {
    }

    public static int of(YearMonth month, List<Stay> stays) {
        LocalDate first = month.atDay(1);
        LocalDate afterLast = month.plusMonths(1).atDay(1);
        BigDecimal weighted = BigDecimal.ZERO;
        for (Stay stay : stays) {
            if (stay.perMonth() == null) {
                continue;
            }
            LocalDate from = stay.startsOn().isAfter(first) ? stay.startsOn() : first;
            LocalDate until = stay.endsOn() == null || stay.endsOn().isAfter(afterLast) ? afterLast : stay.endsOn();
            if (from.isBefore(until)) {
                weighted = weighted.add(BigDecimal.valueOf((long) stay.perMonth() * ChronoUnit.DAYS.between(from, until)));
            }
        }
        return weighted.divide(BigDecimal.valueOf(month.lengthOfMonth()), 0, RoundingMode.DOWN).intValueExact();
    }

    /**
     * Minutes rated as included in the month beyond the re-allotted allowance: billed on the month's
     * invoice (never negative: the run does not credit minutes the per-ticket or per-day allowances
     * held back).
     */
    public static int excess(int includedUnderMonthlyPlans, int allotted) {
        return Math.max(0, includedUnderMonthlyPlans - allotted);
    }
}
