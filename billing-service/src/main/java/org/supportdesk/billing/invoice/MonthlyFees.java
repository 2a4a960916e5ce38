package org.supportdesk.billing.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** R-B11: a month's fees, prorated by the days in each plan; freeze days carry no fee. Pure. */
public final class MonthlyFees {

    private MonthlyFees() {
    }

    /** A stay in a plan version: {@code startsOn} to the day before {@code endsOn} (null: ongoing). */
    public record Stay(String planName, BigDecimal monthlyFee, LocalDate startsOn, LocalDate endsOn) {
    }

    /** Frozen from {@code from} to the day before {@code until} (null: still frozen). */
    public record Freeze(LocalDate from, LocalDate until) {
    }

    /** One fee line: the plan, the days it was paid for in the month, and the amount (to the cent). */
    public record FeeLine(String planName, long days, long daysInMonth, BigDecimal amount) {
    }

    public static List<FeeLine> of(YearMonth month, List<Stay> stays, List<Freeze> freezes) {
        LocalDate first = month.atDay(1);
        LocalDate afterLast = month.plusMonths(1).atDay(1);
        List<FeeLine> lines = new ArrayList<>();
        for (Stay stay : stays) {
            LocalDate from = stay.startsOn().isAfter(first) ? stay.startsOn() : first;
            LocalDate until = stay.endsOn() == null || stay.endsOn().isAfter(afterLast) ? afterLast : stay.endsOn();
            if (!from.isBefore(until) || stay.monthlyFee().signum() == 0) {
                continue;
            }
            long days = ChronoUnit.DAYS.between(from, until) - frozen(freezes, from, until);
            if (days <= 0) {
                continue;
            }
            BigDecimal amount = stay.monthlyFee().multiply(BigDecimal.valueOf(days))
                    .divide(BigDecimal.valueOf(month.lengthOfMonth()), 2, RoundingMode.HALF_UP);
            lines.add(new FeeLine(stay.planName(), days, month.lengthOfMonth(), amount));
        }
        return lines;
    }

    private static long frozen(List<Freeze> freezes, LocalDate from, LocalDate until) {
        long days = 0;
        for (Freeze f : freezes) {
            LocalDate start = f.from().isAfter(from) ? f.from() : from;
            LocalDate stop = f.until() == null || f.until().isAfter(until) ? until : f.until();
            if (start.isBefore(stop)) {
                days += ChronoUnit.DAYS.between(start, stop);
            }
        }
        return days;
    }
}
