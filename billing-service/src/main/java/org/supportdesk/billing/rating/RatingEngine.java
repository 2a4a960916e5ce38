package org.supportdesk.billing.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rating engine (domain.md section 5), pure: given a plan version, what the ticket, its days and
 * its month have used already, the wallet and a closed session, it produces the session's rated
 * lines and what the wallet pays. No I/O; every figure is an exact decimal.
 */
public final class RatingEngine {

    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final long MINUTE = 60_000; // ms
    private static final long HOUR = 3_600_000; // ms
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private RatingEngine() {
    }

    /** R-B2: included minutes per ticket, per service day, per month; null does not limit. */
    public record Allowances(Integer perTicket, Integer perDay, Integer perMonth) {
        public static final Allowances NONE = new Allowances(null, null, null);

        boolean includesAny() {
            return perTicket != null || perDay != null || perMonth != null;
        }
    }

    public record OnCall(BigDecimal hourlyRate, int minimumHours) {
    }

    public record Investigation(BigDecimal hourlyRate, BigDecimal minimumCharge) {
    }

    /** The plan version a ticket was opened under (R-S6), as rating needs it. Prices include VAT (R-S2). */
    public record Plan(String type, String currency, BigDecimal minuteRate, BigDecimal ticketFee, Allowances allowances,
            Map<String, BigDecimal> actions, OnCall onCall, Investigation investigation, BigDecimal vatRate) {

        boolean isPrepaid() {
            return "PREPAID".equals(type);
        }
    }

    /**
     * What was rated before this session: the ticket's handling time in milliseconds (R-B1: the actual
     * duration, as precise as the sessions' instants; summed, never rounded per session) and included minutes,
     * whether its fee was charged, its direct charges so far (R-B10), and the account's included
     * minutes used per service day and month (R-B2).
     */
    public record Usage(long ticketMillis, int ticketIncluded, boolean ticketFeeCharged, BigDecimal ticketDirectCharges,
            Map<LocalDate, Integer> includedByDay, Map<YearMonth, Integer> includedByMonth, TicketTotals totals) {

        public Usage(long ticketMillis, int ticketIncluded, boolean ticketFeeCharged, BigDecimal ticketDirectCharges,
                Map<LocalDate, Integer> includedByDay, Map<YearMonth, Integer> includedByMonth) {
            this(ticketMillis, ticketIncluded, ticketFeeCharged, ticketDirectCharges, includedByDay, includedByMonth,
                    TicketTotals.NONE);
        }

        public static Usage none() {
            return new Usage(0, 0, false, BigDecimal.ZERO, Map.of(), Map.of());
        }
    }

    /**
     * What a ticket's earlier sessions left for the ones to come, so that rounding happens on the
     * ticket and never depends on how its time was split into sessions (R-B1's promise, kept for
     * R-B9 and R-B15 too): the exact discount so far and the cents actually given, the milliseconds
     * and hours of on-call work so far, and what the wallet paid of the ticket's handling (minutes and
     * cash, R-B6: what R-B10 or R-B15 credits of it goes back to the wallet, never out as money).
     */
    public record TicketTotals(BigDecimal discountExact, BigDecimal discountGiven, long onCallMillis, int onCallHours,
            int walletMinutes, BigDecimal walletCash, BigDecimal payable) {
        public static final TicketTotals NONE = new TicketTotals(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    public record Wallet(int minutes, BigDecimal cash) {
    }

    /** How a session left the problem; UNSOLVED is "no fix, no pay" (R-B10), NO_FAULT a user error (R-B15). */
    public enum Outcome { CONTINUING, SOLVED, UNSOLVED, NO_FAULT }

    public record Session(Instant startedAt, Instant endedAt, ZoneId zone, String fixedPriceAction, Outcome outcome,
            boolean critical, boolean outsideBusinessHours) {

        long millis() {
            return Duration.between(startedAt, endedAt).toMillis();
        }
    }

    public enum Kind {
        MINUTES, TICKET_FEE, ACTION, ON_CALL, INVESTIGATION, NO_FIX_NO_PAY, MINUTE_CREDIT, CASH_CREDIT, DISCOUNT,
        /** R-B6: what the wallet had paid of charges now credited (R-B10, R-B15), back to the wallet (positive). */
        WALLET_RETURN
    }

    /**
     * One rated line. Charges are positive, credits negative. MINUTES lines are per service day
     * (R-B2: a session across midnight is split) with minutes, included and billable minutes.
     */
    public record Line(Kind kind, LocalDate day, int minutes, int included, int billable, BigDecimal amount,
            String description) {
    }

    /**
     * The session rated: its lines, the ticket's new minutes and included minutes, what the wallet
     * pays (minutes, cash; negative when charges it had paid are credited and go back to it, R-B6),
     * the discount, the payable remainder and the VAT it contains.
     */
    public record Rating(List<Line> lines, long countedMillis, int newMinutes, Map<LocalDate, Integer> includedByDay,
            boolean ticketFeeCharged, BigDecimal directCharges, int minuteCreditUsed, BigDecimal cashCreditUsed,
            BigDecimal discount, BigDecimal payable, BigDecimal vat, TicketTotals totals) {

        public int included() {
            return includedByDay.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public static Rating rate(Plan plan, Usage usage, Wallet wallet, Session session, BigDecimal discountPercent) {
        List<Line> lines = new ArrayList<>();
        Map<LocalDate, Integer> includedByDay = new LinkedHashMap<>();
        long millis = Math.max(0, session.millis());
        long counted = 0; // milliseconds that count toward the ticket's minutes (R-B1)
        int newMinutes = 0;
        BigDecimal actions = BigDecimal.ZERO; // R-B5: paid in full, apart from the rest
        BigDecimal minutesCharge = BigDecimal.ZERO;
        int billableMinutes = 0;
        BigDecimal otherCharges = BigDecimal.ZERO; // ticket fee, on-call, investigation
        BigDecimal creditOfEarlier = BigDecimal.ZERO; // what earlier sessions charged and this one takes back
        BigDecimal onCallCharged = BigDecimal.ZERO; // R-B15: not a direct handling charge (R-B10 never credits it)
        long onCallMillis = usage.totals().onCallMillis();
        int onCallHours = usage.totals().onCallHours();

        if (session.fixedPriceAction() != null) {
            BigDecimal price = plan.actions().get(session.fixedPriceAction());
            if (price == null) {
                throw new IllegalArgumentException("the plan has no fixed-price action " + session.fixedPriceAction());
            }
            lines.add(new Line(Kind.ACTION, null, 0, 0, 0, price, session.fixedPriceAction()));
            actions = price;
        } else if (session.outcome() == Outcome.NO_FAULT && plan.investigation() != null) {
            // R-B15: no fault after all: the whole ticket's time is its investigation, by the hour (to the
            // minute), at least its minimum, plus VAT; what its earlier sessions charged as minutes is credited
            counted = millis;
            long minutes = ceilMinutes(usage.ticketMillis() + millis);
            BigDecimal byTime = plan.investigation().hourlyRate().multiply(BigDecimal.valueOf(minutes))
                    .divide(SIXTY, 2, RoundingMode.HALF_UP);
            BigDecimal net = byTime.max(plan.investigation().minimumCharge());
            BigDecimal gross = net.add(net.multiply(plan.vatRate())).setScale(2, RoundingMode.HALF_UP);
            lines.add(new Line(Kind.INVESTIGATION, null, (int) minutes, 0, 0, gross, "investigation, no fault found"));
            otherCharges = otherCharges.add(gross);
            BigDecimal earlierMinutes = usage.ticketDirectCharges()
                    .subtract(usage.ticketFeeCharged() ? plan.ticketFee() : BigDecimal.ZERO).max(BigDecimal.ZERO);
            if (earlierMinutes.signum() > 0) {
                lines.add(new Line(Kind.INVESTIGATION, null, 0, 0, 0, earlierMinutes.negate(),
                        "earlier handling, part of the investigation"));
                creditOfEarlier = earlierMinutes; // may exceed the investigation: the difference is credited
            }
        } else if (session.outsideBusinessHours() && !session.critical() && plan.onCall() != null) {
            // R-B15: a non-critical fix outside business hours: the on-call rate per started hour of the
            // ticket's on-call work, at least the minimum; this session adds the hours it starts
            onCallMillis += millis;
            int hours = (int) Math.max(plan.onCall().minimumHours(), (onCallMillis + HOUR - 1) / HOUR);
            int newHours = hours - onCallHours;
            onCallHours = hours;
            if (newHours > 0) {
                BigDecimal amount = plan.onCall().hourlyRate().multiply(BigDecimal.valueOf(newHours));
                lines.add(new Line(Kind.ON_CALL, null, 0, 0, 0, amount, newHours + " on-call hour(s)"));
                onCallCharged = amount;
                otherCharges = otherCharges.add(amount);
            }
        } else {
            counted = millis;
            // R-B1: the ticket's minutes are its time summed and rounded up; this session adds the difference
            long before = ceilMinutes(usage.ticketMillis());
            long after = ceilMinutes(usage.ticketMillis() + millis);
            newMinutes = (int) (after - before);
            // R-B2: each new minute belongs to the day (and month) it started in
            Map<LocalDate, Integer> minutesByDay = new LinkedHashMap<>();
            for (long k = before; k < after; k++) {
                long offset = Math.max(0, k * MINUTE - usage.ticketMillis());
                LocalDate day = session.startedAt().plusMillis(offset).atZone(session.zone()).toLocalDate();
                minutesByDay.merge(day, 1, Integer::sum);
            }
            int ticketIncluded = usage.ticketIncluded();
            Map<YearMonth, Integer> monthUsed = new LinkedHashMap<>(usage.includedByMonth());
            for (Map.Entry<LocalDate, Integer> day : minutesByDay.entrySet()) {
                int minutes = day.getValue();
                int included = 0;
                if (plan.allowances().includesAny()) {
                    // R-B2: the least of what is left of the per-ticket, per-day and per-month allowances
                    int left = minutes;
                    left = Math.min(left, leftOf(plan.allowances().perTicket(), ticketIncluded));
                    left = Math.min(left, leftOf(plan.allowances().perDay(), usage.includedByDay().getOrDefault(day.getKey(), 0)));
                    YearMonth month = YearMonth.from(day.getKey());
                    left = Math.min(left, leftOf(plan.allowances().perMonth(), monthUsed.getOrDefault(month, 0)));
                    included = Math.max(0, left);
                    ticketIncluded += included;
                    monthUsed.merge(month, included, Integer::sum);
                }
                int billable = minutes - included; // R-B3
                BigDecimal amount = plan.minuteRate().multiply(BigDecimal.valueOf(billable));
                lines.add(new Line(Kind.MINUTES, day.getKey(), minutes, included, billable, amount,
                        minutes + " min, " + included + " included"));
                includedByDay.put(day.getKey(), included);
                minutesCharge = minutesCharge.add(amount);
                billableMinutes += billable;
            }
        }

        // R-B4: the ticket fee, once per ticket in which service was given
        boolean feeCharged = usage.ticketFeeCharged();
        if (!feeCharged && (millis > 0 || session.fixedPriceAction() != null)) {
            feeCharged = true;
            if (plan.ticketFee().signum() > 0) {
                lines.add(new Line(Kind.TICKET_FEE, null, 0, 0, 0, plan.ticketFee(), "ticket fee"));
                otherCharges = otherCharges.add(plan.ticketFee());
            }
        }
        // the ticket's direct handling charges: minutes, its fee and, when no fault was found, the
        // investigation they became (so a later session of the ticket credits what this one charged)
        BigDecimal direct = minutesCharge.add(lines.stream()
                .filter(l -> l.kind() == Kind.TICKET_FEE || l.kind() == Kind.INVESTIGATION)
                .map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add));

        // R-B10: no fix, no pay: the ticket's direct handling charges (minutes and fee) are credited
        BigDecimal earlierCredit = creditOfEarlier;
        if (session.outcome() == Outcome.UNSOLVED) {
            BigDecimal credit = direct.add(usage.ticketDirectCharges());
            if (credit.signum() > 0) {
                lines.add(new Line(Kind.NO_FIX_NO_PAY, null, 0, 0, 0, credit.negate(), "no fix, no pay"));
            }
            otherCharges = otherCharges.subtract(direct.subtract(minutesCharge)); // this session's fee is credited
            minutesCharge = BigDecimal.ZERO;
            billableMinutes = 0;
            earlierCredit = usage.ticketDirectCharges();
        }

        // R-B6: earlier charges credited here that the wallet had paid go back to the wallet (whole minutes
        // it paid first, the rest as cash credit), never out as money; only what was paid otherwise is
        // credited against the payable. Back in the wallet, they may pay this session's charges.
        TicketTotals before = usage.totals();
        BigDecimal walletPaid = before.walletCash().add(plan.minuteRate().multiply(BigDecimal.valueOf(before.walletMinutes())));
        BigDecimal returnable = earlierCredit.min(walletPaid).max(BigDecimal.ZERO);
        int returnedMinutes = plan.minuteRate().signum() <= 0 ? 0
                : (int) Math.min(before.walletMinutes(), returnable.divide(plan.minuteRate(), 0, RoundingMode.DOWN).longValue());
        // cash no more than the wallet's cash paid: a remainder worth less than a minute it paid in minutes
        // is credited as money, as the customer's own money is
        BigDecimal returnedCash = returnable.subtract(plan.minuteRate().multiply(BigDecimal.valueOf(returnedMinutes)))
                .min(before.walletCash().max(BigDecimal.ZERO));
        BigDecimal returned = plan.minuteRate().multiply(BigDecimal.valueOf(returnedMinutes)).add(returnedCash);
        earlierCredit = earlierCredit.subtract(returned);
        if (returned.signum() > 0) {
            lines.add(new Line(Kind.WALLET_RETURN, null, returnedMinutes, 0, 0, returned, (returnedMinutes > 0
                    ? returnedMinutes + " minute(s)" + (returnedCash.signum() > 0 ? " and " + returnedCash.toPlainString() : "")
                    : returnedCash.toPlainString()) + " back to the wallet, which had paid the charges credited"));
        }

        // R-B8: included minutes (above) → minute credit → cash credit → discount (R-B9)
        int minuteCredit = wallet.minutes() + returnedMinutes;
        BigDecimal cash = wallet.cash().add(returnedCash);
        int minutesFromWallet = Math.min(minuteCredit, billableMinutes);
        minuteCredit -= minutesFromWallet;
        BigDecimal owed = minutesCharge.subtract(plan.minuteRate().multiply(BigDecimal.valueOf(minutesFromWallet)))
                .add(otherCharges).max(BigDecimal.ZERO);
        BigDecimal cashUsed = cash.min(owed);
        owed = owed.subtract(cashUsed);
        cash = cash.subtract(cashUsed);
        // R-B6: where it helps use all credit, minutes convert to money at the plan's minute rate
        int converted = convertible(minuteCredit, owed, plan.minuteRate());
        minuteCredit -= converted;
        owed = owed.subtract(plan.minuteRate().multiply(BigDecimal.valueOf(converted)));
        BigDecimal minuteValue = plan.minuteRate().multiply(BigDecimal.valueOf(minutesFromWallet + converted));
        int convertedForHandling = converted;
        BigDecimal cashForHandling = cashUsed;
        // R-B5: actions are paid in full, except by PREPAID accounts, which pay everything from the wallet
        BigDecimal actionsOwed = actions;
        if (plan.isPrepaid() && actionsOwed.signum() > 0) {
            BigDecimal fromCash = cash.min(actionsOwed);
            cashUsed = cashUsed.add(fromCash);
            cash = cash.subtract(fromCash);
            actionsOwed = actionsOwed.subtract(fromCash);
            // a PREPAID account gets no invoice (R-B12): what its cash leaves is paid in started minutes,
            // the last one perhaps in part (credit is never paid out, R-B6)
            int more = minutesCovering(minuteCredit, actionsOwed, plan.minuteRate());
            converted += more;
            BigDecimal paid = plan.minuteRate().multiply(BigDecimal.valueOf(more)).min(actionsOwed);
            minuteValue = minuteValue.add(paid);
            actionsOwed = actionsOwed.subtract(paid);
        }
        int minutesUsed = minutesFromWallet + converted;
        // what the wallet paid of the ticket's direct charges, for a later credit of them (R-B10, R-B15):
        // not of actions (never credited), nor of on-call work (taken as paid by the wallet first); never
        // more than the ticket's direct charges (none left after no fix, no pay)
        int directMinutes = before.walletMinutes() - returnedMinutes + minutesFromWallet + convertedForHandling;
        BigDecimal directCash = before.walletCash().subtract(returnedCash).add(cashForHandling);
        BigDecimal notDirect = onCallCharged;
        BigDecimal cashOff = directCash.min(notDirect).max(BigDecimal.ZERO);
        directCash = directCash.subtract(cashOff);
        notDirect = notDirect.subtract(cashOff);
        if (notDirect.signum() > 0 && plan.minuteRate().signum() > 0) {
            directMinutes -= (int) Math.min(directMinutes, notDirect.divide(plan.minuteRate(), 0, RoundingMode.UP).longValue());
        }
        BigDecimal directLeft = session.outcome() == Outcome.UNSOLVED ? BigDecimal.ZERO
                : usage.ticketDirectCharges().add(direct);
        directCash = directCash.min(directLeft).max(BigDecimal.ZERO);
        if (plan.minuteRate().signum() > 0) {
            BigDecimal roomForMinutes = directLeft.subtract(directCash).max(BigDecimal.ZERO);
            directMinutes = (int) Math.max(0, Math.min(directMinutes,
                    roomForMinutes.divide(plan.minuteRate(), 0, RoundingMode.DOWN).longValue()));
        }
        if (minutesUsed > 0) {
            lines.add(new Line(Kind.MINUTE_CREDIT, null, minutesUsed, 0, 0, minuteValue.negate(),
                    minutesUsed + " wallet minute(s)"));
        }
        if (cashUsed.signum() > 0) {
            lines.add(new Line(Kind.CASH_CREDIT, null, 0, 0, 0, cashUsed.negate(), "wallet cash"));
        }
        // R-B9: the discount applies to the final payable, after all credits (never to what credit paid);
        // rounded on the ticket's running total, so that splitting a ticket never changes its discount
        // (R-B10's credit of earlier sessions takes back the discount they were given)
        BigDecimal discountBase = owed.subtract(earlierCredit);
        BigDecimal discountExact = usage.totals().discountExact().add(discountBase.multiply(discountPercent).divide(HUNDRED));
        BigDecimal discount = discountExact.setScale(2, RoundingMode.HALF_UP).subtract(usage.totals().discountGiven());
        if (discount.signum() != 0) {
            String percent = discountPercent.stripTrailingZeros().toPlainString();
            lines.add(new Line(Kind.DISCOUNT, null, 0, 0, 0, discount.negate(), discount.signum() > 0
                    ? percent + "% partner discount" : percent + "% partner discount of credited sessions taken back"));
        }
        BigDecimal payable = discountBase.subtract(discount).add(actionsOwed).setScale(2, RoundingMode.HALF_UP);
        // R-S2: the VAT inside the payable, rounded on the ticket's running total as the discount is (what
        // the total's VAT grows by at this session's rate), so that splitting a ticket never changes its
        // VAT, and a rate that changed between sessions taxes this session's part only; a credit (R-B10,
        // R-B15 taking back earlier charges) carries the VAT inside it, negative, so a ticket's sessions
        // add up to the VAT of what it costs in the end
        BigDecimal ticketPayable = usage.totals().payable().add(payable);
        BigDecimal vat = vatInside(ticketPayable, plan.vatRate())
                .subtract(vatInside(usage.totals().payable(), plan.vatRate()));
        return new Rating(List.copyOf(lines), counted, newMinutes, includedByDay, feeCharged,
                session.outcome() == Outcome.UNSOLVED ? BigDecimal.ZERO : direct, minutesUsed - returnedMinutes,
                cashUsed.subtract(returnedCash).setScale(2, RoundingMode.HALF_UP), discount, payable, vat,
                new TicketTotals(discountExact, usage.totals().discountGiven().add(discount), onCallMillis, onCallHours,
                        directMinutes, directCash.setScale(2, RoundingMode.HALF_UP), ticketPayable));
    }

    /**
     * R-B7: how many seconds of service a PREPAID wallet pays for at this minute rate. Handling is
     * billed in whole minutes (R-B1), so the wallet pays for the whole minutes its minute credit and
     * its cash buy; a remainder of cash worth less than a minute buys no seconds, or the session would
     * run into a minute nobody pays.
     */
    public static long prepaidSeconds(Wallet wallet, BigDecimal minuteRate) {
        long fromMinutes = Math.max(0, wallet.minutes()) * 60L;
        long fromCash = minuteRate.signum() <= 0 || wallet.cash().signum() <= 0 ? 0
                : wallet.cash().divide(minuteRate, 0, RoundingMode.DOWN).longValueExact() * 60L;
        return fromMinutes + fromCash;
    }

    /**
     * R-S2: the VAT inside an amount whose price includes it, to the cent (negative inside a credit);
     * the one rounding of VAT, for rated sessions and invoice lines alike.
     */
    public static BigDecimal vatInside(BigDecimal amount, BigDecimal rate) {
        return amount.multiply(rate).divide(BigDecimal.ONE.add(rate), 2, RoundingMode.HALF_UP);
    }

    private static long ceilMinutes(long millis) {
        return (millis + MINUTE - 1) / MINUTE;
    }

    private static int leftOf(Integer allowance, int used) {
        return allowance == null ? Integer.MAX_VALUE : Math.max(0, allowance - used);
    }

    /** Wallet minutes that pay all of {@code owed} (the last in part), or as much as there are. */
    private static int minutesCovering(int minutes, BigDecimal owed, BigDecimal minuteRate) {
        if (minutes <= 0 || owed.signum() <= 0 || minuteRate.signum() <= 0) {
            return 0;
        }
        return (int) Math.min(minutes, owed.divide(minuteRate, 0, RoundingMode.UP).longValue());
    }

    /** Whole wallet minutes that pay part of {@code owed} without paying more than it. */
    private static int convertible(int minutes, BigDecimal owed, BigDecimal minuteRate) {
        if (minutes <= 0 || owed.signum() <= 0 || minuteRate.signum() <= 0) {
            return 0;
        }
        return (int) Math.min(minutes, owed.divide(minuteRate, 0, RoundingMode.DOWN).longValue());
    }
}
