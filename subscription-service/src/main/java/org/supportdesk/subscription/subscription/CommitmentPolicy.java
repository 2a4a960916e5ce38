package org.supportdesk.subscription.subscription;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.supportdesk.subscription.plan.PlanType;
import org.supportdesk.subscription.plan.Tier;

/**
 * When a plan change or closure may take effect (R-S4, R-S5, R-S7). Pure: dates are service days in
 * the support center's zone; nothing here reads a clock or a database.
 */
public final class CommitmentPolicy {

    private CommitmentPolicy() {
    }

    /** A plan as the rules see it. */
    public record PlanRef(PlanType type, Tier tier) {
    }

    /** One stay in a plan: from {@code startsOn} to the day before {@code endsOn} (null: ongoing). */
    public record Period(PlanRef plan, LocalDate startsOn, LocalDate endsOn, LocalDate lastServiceOn) {
    }

    /** Days the account was frozen: {@code from} to the day before {@code until} (null: still frozen). */
    public record Freeze(LocalDate from, LocalDate until) {
    }

    public enum ChangeKind { UPGRADE, DOWNGRADE, SAME_TIER }

    public sealed interface Decision {
        /** The change takes effect at the start of {@code effectiveOn} (R-S4). */
        record Allowed(ChangeKind kind, LocalDate effectiveOn) implements Decision {
        }

        /** The commitment holds until {@code possibleFrom}, the first day a change may take effect. */
        record Blocked(ChangeKind kind, LocalDate possibleFrom) implements Decision {
        }
    }

    public static ChangeKind kindOf(PlanRef from, PlanRef to) {
        if (to.tier().isAbove(from.tier())) {
            return ChangeKind.UPGRADE;
        }
        return from.tier().isAbove(to.tier()) ? ChangeKind.DOWNGRADE : ChangeKind.SAME_TIER;
    }

    /**
     * R-S5: the first day the account may leave its commitment, if it has one: one month from the day
     * it joined the plan in which it last received service, when that plan is not SILVER; freeze days
     * do not count toward it (R-S7), so each frozen day inside the month moves the end a day later
     * (and may bring further frozen days inside it). With R-S6, a session on a ticket of a plan the
     * account has left is service in that plan: it neither commits the account to the plan it is in
     * now nor, when that plan is SILVER, releases a commitment already made; so the plan that counts is
     * the last joined of the non-SILVER plans served in (a later one's month always ends later).
     */
    public static Optional<LocalDate> commitmentEnd(List<Period> periods, List<Freeze> freezes, LocalDate today) {
        Optional<Period> lastServed = periods.stream()
                .filter(p -> p.lastServiceOn() != null && p.plan().tier() != Tier.SILVER)
                .max(Comparator.comparing(Period::startsOn));
        return lastServed.map(p -> oneMonthExcludingFreezes(p.startsOn(), freezes, today));
    }

    /**
     * The day one month of unfrozen days after {@code from} ends (R-S5, R-S7, R-B14): each frozen day
     * inside the month moves the end a day later, and may bring further frozen days inside it.
     */
    public static LocalDate oneMonthExcludingFreezes(LocalDate from, List<Freeze> freezes, LocalDate today) {
        LocalDate end = from.plusMonths(1);
        while (true) {
            LocalDate extended = from.plusMonths(1).plusDays(frozenDays(freezes, from, end, today));
            if (extended.equals(end)) {
                return end;
            }
            end = extended;
        }
    }

    private static long frozenDays(List<Freeze> freezes, LocalDate from, LocalDate until, LocalDate today) {
        long days = 0;
        for (Freeze freeze : freezes) {
            // an ongoing freeze counts its days up to and including today; each further day it lasts
            // moves the end again when the rule is next evaluated
            LocalDate freezeUntil = freeze.until() != null ? freeze.until() : today.plusDays(1);
            LocalDate start = freeze.from().isAfter(from) ? freeze.from() : from;
            LocalDate stop = freezeUntil.isBefore(until) ? freezeUntil : until;
            if (start.isBefore(stop)) {
                days += ChronoUnit.DAYS.between(start, stop);
            }
        }
        return days;
    }

    /**
     * R-S4, R-S5: a change requested {@code today}, to take effect at the start of {@code requestedOn}
     * or, when none is asked for, of the next day. An upgrade is always allowed; a downgrade or a
     * same-tier change only from the end of the commitment.
     */
    public static Decision decide(PlanRef current, PlanRef target, LocalDate today, LocalDate requestedOn,
            Optional<LocalDate> commitmentEnd) {
        ChangeKind kind = kindOf(current, target);
        LocalDate earliest = today.plusDays(1);
        LocalDate effectiveOn = requestedOn != null && requestedOn.isAfter(earliest) ? requestedOn : earliest;
        if (kind != ChangeKind.UPGRADE && commitmentEnd.isPresent() && effectiveOn.isBefore(commitmentEnd.get())) {
            return new Decision.Blocked(kind, commitmentEnd.get());
        }
        return new Decision.Allowed(kind, effectiveOn);
    }

    /** The furthest ahead a closure or a plan change may be asked for: its timer's day must be one the database can keep. */
    public static final int FURTHEST_YEARS = 10;

    /** A requested day more than {@link #FURTHEST_YEARS} years after today: 422, named {@code what}. */
    public static void notTooFar(LocalDate day, LocalDate today, String what) {
        if (day != null && day.isAfter(today.plusYears(FURTHEST_YEARS))) {
            throw org.supportdesk.platform.problem.ProblemException.unprocessable(what + "-too-far", "Date too far ahead",
                    "A " + what.replace('-', ' ') + " is at most " + FURTHEST_YEARS + " years ahead, by "
                            + today.plusYears(FURTHEST_YEARS));
        }
    }

    /** R-S4: a service day starts at 00:00 in the support center's zone. */
    public static Instant startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }
}
