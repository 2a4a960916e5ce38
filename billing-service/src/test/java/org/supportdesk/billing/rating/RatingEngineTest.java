package org.supportdesk.billing.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.supportdesk.billing.rating.RatingEngine.Allowances;
import org.supportdesk.billing.rating.RatingEngine.Investigation;
import org.supportdesk.billing.rating.RatingEngine.Kind;
import org.supportdesk.billing.rating.RatingEngine.Line;
import org.supportdesk.billing.rating.RatingEngine.OnCall;
import org.supportdesk.billing.rating.RatingEngine.Outcome;
import org.supportdesk.billing.rating.RatingEngine.Plan;
import org.supportdesk.billing.rating.RatingEngine.Rating;
import org.supportdesk.billing.rating.RatingEngine.Session;
import org.supportdesk.billing.rating.RatingEngine.Usage;
import org.supportdesk.billing.rating.RatingEngine.Wallet;

class RatingEngineTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");
    static final BigDecimal VAT = new BigDecimal("0.18");
    static final Wallet EMPTY = new Wallet(0, BigDecimal.ZERO);
    static final BigDecimal NO_DISCOUNT = BigDecimal.ZERO;

    /** support-online's Monthly Gold: 2.90 a minute, 20/30/60 included, OS install 249.00. */
    static Plan gold(String ticketFee) {
        return new Plan("MONTHLY", "ILS", new BigDecimal("2.90"), new BigDecimal(ticketFee), new Allowances(20, 30, 60),
                Map.of("OS_INSTALL", new BigDecimal("249.00")), null, null, VAT);
    }

    static Plan payAsYouGo() {
        return new Plan("OCCASIONAL", "ILS", new BigDecimal("3.90"), new BigDecimal("15.00"), Allowances.NONE, Map.of(),
                null, null, VAT);
    }

    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(JERUSALEM).toInstant();
    }

    static Session session(String from, long seconds) {
        return sessionOfMillis(from, seconds * 1000);
    }

    static Session sessionOfMillis(String from, long millis) {
        return new Session(at(from), at(from).plusMillis(millis), JERUSALEM, null, Outcome.CONTINUING, false, false);
    }

    static Usage after(Rating r, Usage before, long sessionSeconds) {
        Map<LocalDate, Integer> days = new HashMap<>(before.includedByDay());
        r.includedByDay().forEach((d, n) -> days.merge(d, n, Integer::sum));
        Map<YearMonth, Integer> months = new HashMap<>(before.includedByMonth());
        r.includedByDay().forEach((d, n) -> months.merge(YearMonth.from(d), n, Integer::sum));
        return new Usage(before.ticketMillis() + r.countedMillis(), before.ticketIncluded() + r.included(),
                r.ticketFeeCharged(), before.ticketDirectCharges().add(r.directCharges()), days, months);
    }

    static BigDecimal sum(List<Line> lines) {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void rB1_secondsAreSummedPerTicketAndRoundedUpSessionBySession() {
        Plan plan = payAsYouGo();
        assertThat(RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T10:00", 61), NO_DISCOUNT).newMinutes())
                .isEqualTo(2);
        // 30 s then 31 s: 1 minute, then the second minute; the ticket bills 2 minutes either way
        Rating first = RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T10:00", 30), NO_DISCOUNT);
        Rating second = RatingEngine.rate(plan, after(first, Usage.none(), 30), EMPTY, session("2026-11-22T11:00", 31),
                NO_DISCOUNT);
        assertThat(first.newMinutes()).isEqualTo(1);
        assertThat(second.newMinutes()).isEqualTo(1);
        // 59 s then 1 s: the second session fits in the minute already billed
        Rating a = RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T10:00", 59), NO_DISCOUNT);
        Rating b = RatingEngine.rate(plan, after(a, Usage.none(), 59), EMPTY, session("2026-11-22T11:00", 1), NO_DISCOUNT);
        assertThat(a.newMinutes() + b.newMinutes()).isEqualTo(1);
        assertThat(b.lines()).noneMatch(l -> l.kind() == Kind.MINUTES && l.minutes() > 0);
    }

    /**
     * R-B1: the actual duration, to the millisecond of the sessions' instants: 60.4 s is 2 minutes,
     * and three sessions of 20.5 s (61.5 s) are 2 minutes too, never each truncated to whole seconds.
     */
    @Test
    void rB1_theActualDurationCountsToTheMillisecond() {
        Plan plan = payAsYouGo();
        Rating justOver = RatingEngine.rate(plan, Usage.none(), EMPTY, sessionOfMillis("2026-11-22T10:00", 60_400),
                NO_DISCOUNT);
        assertThat(justOver.newMinutes()).isEqualTo(2);
        assertThat(justOver.countedMillis()).isEqualTo(60_400);
        assertThat(justOver.payable()).isEqualByComparingTo("22.80"); // 2 × 3.90 + 15.00
        Usage usage = Usage.none();
        int minutes = 0;
        for (String start : List.of("2026-11-22T10:00", "2026-11-22T11:00", "2026-11-22T12:00")) {
            Rating r = RatingEngine.rate(plan, usage, EMPTY, sessionOfMillis(start, 20_500), NO_DISCOUNT);
            usage = after(r, usage, 0);
            minutes += r.newMinutes();
        }
        assertThat(usage.ticketMillis()).isEqualTo(61_500);
        assertThat(minutes).isEqualTo(2);
        // 59.9 s then 0.1 s: exactly a minute, which the first session billed already
        Rating a = RatingEngine.rate(plan, Usage.none(), EMPTY, sessionOfMillis("2026-11-22T10:00", 59_900), NO_DISCOUNT);
        Rating b = RatingEngine.rate(plan, after(a, Usage.none(), 0), EMPTY, sessionOfMillis("2026-11-22T11:00", 100),
                NO_DISCOUNT);
        assertThat(a.newMinutes() + b.newMinutes()).isEqualTo(1);
    }

    @Test
    void rB1_manySmallSessionsAddUpToTheTicketTotal() {
        Plan plan = payAsYouGo();
        Usage usage = Usage.none();
        int minutes = 0;
        long total = 0;
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            long seconds = random.nextInt(200);
            Rating r = RatingEngine.rate(plan, usage, EMPTY, session("2026-11-22T09:00", seconds), NO_DISCOUNT);
            usage = after(r, usage, seconds);
            minutes += r.newMinutes();
            total += seconds;
        }
        assertThat(minutes).isEqualTo((total + 59) / 60);
    }

    @Test
    void rB2_rB3_includedMinutesAreTheLeastOfTicketDayAndMonthLeft() {
        Plan plan = gold("0");
        // ticket A: 25 min → 20 included (per ticket), 5 billable at 2.90
        Rating a = RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T09:00", 25 * 60), NO_DISCOUNT);
        assertThat(a.included()).isEqualTo(20);
        assertThat(a.payable()).isEqualByComparingTo("14.50");
        // ticket B the same day: 15 min, 10 left of the day → 10 included, 5 billable
        Usage dayUsed = new Usage(0, 0, false, BigDecimal.ZERO, Map.of(LocalDate.of(2026, 11, 22), 20),
                Map.of(YearMonth.of(2026, 11), 20));
        Rating b = RatingEngine.rate(plan, dayUsed, EMPTY, session("2026-11-22T14:00", 15 * 60), NO_DISCOUNT);
        assertThat(b.included()).isEqualTo(10);
        // ticket C on a later day with 55 of the month's 60 used: 5 included
        Usage monthUsed = new Usage(0, 0, false, BigDecimal.ZERO, Map.of(), Map.of(YearMonth.of(2026, 11), 55));
        Rating c = RatingEngine.rate(plan, monthUsed, EMPTY, session("2026-11-25T09:00", 15 * 60), NO_DISCOUNT);
        assertThat(c.included()).isEqualTo(5);
        assertThat(c.lines().getFirst().billable()).isEqualTo(10);
        assertThat(c.payable()).isEqualByComparingTo("29.00");
    }

    @Test
    void rB2_aPlanWithoutAllowancesIncludesNothingAndAMissingOneDoesNotLimit() {
        Rating none = RatingEngine.rate(payAsYouGo(), Usage.none(), EMPTY, session("2026-11-22T09:00", 600), NO_DISCOUNT);
        assertThat(none.included()).isZero();
        Plan dayOnly = new Plan("MONTHLY", "ILS", new BigDecimal("2.00"), BigDecimal.ZERO, new Allowances(null, 30, null),
                Map.of(), null, null, VAT);
        assertThat(RatingEngine.rate(dayOnly, Usage.none(), EMPTY, session("2026-11-22T09:00", 25 * 60), NO_DISCOUNT)
                .included()).isEqualTo(25);
    }

    @Test
    void rB2_aSessionAcrossMidnightIsSplitBetweenItsDaysAndMonths() {
        Plan perDay = new Plan("MONTHLY", "ILS", new BigDecimal("2.00"), BigDecimal.ZERO, new Allowances(null, 5, null),
                Map.of(), null, null, VAT);
        // 30 Nov 23:50 → 1 Dec 00:10: 10 minutes on each day, 5 included on each
        Rating r = RatingEngine.rate(perDay, Usage.none(), EMPTY, session("2026-11-30T23:50", 20 * 60), NO_DISCOUNT);
        assertThat(r.lines()).filteredOn(l -> l.kind() == Kind.MINUTES)
                .extracting(Line::day, Line::minutes, Line::included)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 30), 10, 5),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 12, 1), 10, 5));
        assertThat(r.payable()).isEqualByComparingTo("20.00");
    }

    @Test
    void rB4_theTicketFeeIsChargedOnceForATicketThatGotService() {
        Plan plan = payAsYouGo();
        Rating first = RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T09:00", 120), NO_DISCOUNT);
        assertThat(first.lines()).filteredOn(l -> l.kind() == Kind.TICKET_FEE).hasSize(1);
        assertThat(first.payable()).isEqualByComparingTo("22.80"); // 2 × 3.90 + 15.00
        Rating second = RatingEngine.rate(plan, after(first, Usage.none(), 120), EMPTY, session("2026-11-22T10:00", 60),
                NO_DISCOUNT);
        assertThat(second.lines()).noneMatch(l -> l.kind() == Kind.TICKET_FEE);
    }

    @Test
    void rB5_aFixedPriceActionCostsItsPriceUsesNoAllowanceNoMinuteCreditAndGetsNoDiscount() {
        Session install = new Session(at("2026-11-22T09:00"), at("2026-11-22T11:00"), JERUSALEM, "OS_INSTALL",
                Outcome.SOLVED, false, false);
        Rating r = RatingEngine.rate(gold("0"), Usage.none(), new Wallet(100, new BigDecimal("500")), install,
                new BigDecimal("10"));
        assertThat(r.included()).isZero();
        assertThat(r.countedMillis()).isZero();
        assertThat(r.minuteCreditUsed()).isZero();
        assertThat(r.cashCreditUsed()).isZero();
        assertThat(r.payable()).isEqualByComparingTo("249.00");
        assertThatThrownBy(() -> RatingEngine.rate(gold("0"), Usage.none(), EMPTY, new Session(at("2026-11-22T09:00"),
                at("2026-11-22T09:10"), JERUSALEM, "NO_SUCH", Outcome.SOLVED, false, false), NO_DISCOUNT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rB5_aPrepaidAccountPaysAnActionFromItsWallet() {
        Plan prepaid = new Plan("PREPAID", "ILS", new BigDecimal("4.90"), BigDecimal.ZERO, Allowances.NONE,
                Map.of("PRINTER_SETUP", new BigDecimal("89.00")), null, null, VAT);
        Session setup = new Session(at("2026-11-22T09:00"), at("2026-11-22T09:20"), JERUSALEM, "PRINTER_SETUP",
                Outcome.SOLVED, false, false);
        // 50.00 cash, then the 39.00 left in started minutes at 4.90: 39.00 / 4.90 = 7.96 → 8 minutes, the
        // eighth in part (credit is never paid out, R-B6); a PREPAID account pays nothing outside its wallet
        Rating r = RatingEngine.rate(prepaid, Usage.none(), new Wallet(30, new BigDecimal("50.00")), setup, NO_DISCOUNT);
        assertThat(r.cashCreditUsed()).isEqualByComparingTo("50.00");
        assertThat(r.minuteCreditUsed()).isEqualTo(8);
        assertThat(r.payable()).isEqualByComparingTo("0.00");
        assertThat(r.lines()).anySatisfy(l -> assertThat(l.amount()).isEqualByComparingTo("-39.00"));
    }

    @Test
    void rB8_rB9_minuteCreditThenCashThenTheDiscountOnWhatIsLeft() {
        // 10 billable minutes at 3.90 = 39.00; 3 wallet minutes (11.70), 10.00 cash → 17.30 left; 10% → 1.73
        Rating r = RatingEngine.rate(payAsYouGo(), new Usage(0, 0, true, BigDecimal.ZERO, Map.of(), Map.of()),
                new Wallet(3, new BigDecimal("10.00")), session("2026-11-22T09:00", 600), new BigDecimal("10"));
        assertThat(r.minuteCreditUsed()).isEqualTo(3);
        assertThat(r.cashCreditUsed()).isEqualByComparingTo("10.00");
        assertThat(r.discount()).isEqualByComparingTo("1.73");
        assertThat(r.payable()).isEqualByComparingTo("15.57");
        assertThat(r.lines()).extracting(Line::kind)
                .containsExactly(Kind.MINUTES, Kind.MINUTE_CREDIT, Kind.CASH_CREDIT, Kind.DISCOUNT);
    }

    @Test
    void rB6_spareWalletMinutesPayAmountsAtTheMinuteRate() {
        // all minutes included; the 15.00 ticket fee is paid by 5 wallet minutes at 2.90 (14.50), 0.50 left
        Plan plan = new Plan("MONTHLY", "ILS", new BigDecimal("2.90"), new BigDecimal("15.00"), new Allowances(20, null, null),
                Map.of(), null, null, VAT);
        Rating r = RatingEngine.rate(plan, Usage.none(), new Wallet(10, BigDecimal.ZERO), session("2026-11-22T09:00", 600),
                NO_DISCOUNT);
        assertThat(r.minuteCreditUsed()).isEqualTo(5);
        assertThat(r.payable()).isEqualByComparingTo("0.50");
    }

    @Test
    void rB10_noFixNoPayCreditsTheTicketsMinutesAndFeeButNotActions() {
        Plan plan = payAsYouGo();
        Rating first = RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T09:00", 300), NO_DISCOUNT);
        assertThat(first.payable()).isEqualByComparingTo("34.50"); // 5 × 3.90 + 15.00
        Session unsolved = new Session(at("2026-11-22T10:00"), at("2026-11-22T10:04"), JERUSALEM, null,
                Outcome.UNSOLVED, false, false);
        Rating last = RatingEngine.rate(plan, after(first, Usage.none(), 300), EMPTY, unsolved, NO_DISCOUNT);
        // this session's 4 minutes (15.60) and the earlier 34.50 are credited
        assertThat(last.lines()).filteredOn(l -> l.kind() == Kind.NO_FIX_NO_PAY).extracting(Line::amount)
                .containsExactly(new BigDecimal("-50.10"));
        assertThat(last.payable()).isEqualByComparingTo("-34.50");
    }

    /** The usage after a rated session, with the ticket's running totals (discount, on-call, wallet). */
    static Usage withTotals(Rating r, Usage before) {
        Usage plain = after(r, before, 0);
        return new Usage(plain.ticketMillis(), plain.ticketIncluded(), plain.ticketFeeCharged(), plain.ticketDirectCharges(),
                plain.includedByDay(), plain.includedByMonth(), r.totals());
    }

    /**
     * R-B10 with R-B6: no fix, no pay credits the ticket's direct charges; what the wallet had paid of
     * them goes back to the wallet (credit is never paid out as money), the rest is credited as money.
     */
    @Test
    void rB10_rB6_chargesTheWalletPaidGoBackToTheWalletNotOutAsMoney() {
        Plan plan = payAsYouGo();
        Rating first = RatingEngine.rate(plan, Usage.none(), new Wallet(0, new BigDecimal("50.00")),
                session("2026-11-22T09:00", 300), NO_DISCOUNT);
        assertThat(first.cashCreditUsed()).isEqualByComparingTo("34.50"); // 5 × 3.90 + 15.00, all from the wallet
        assertThat(first.payable()).isEqualByComparingTo("0.00");
        Session unsolved = new Session(at("2026-11-22T10:00"), at("2026-11-22T10:04"), JERUSALEM, null,
                Outcome.UNSOLVED, false, false);
        Rating last = RatingEngine.rate(plan, withTotals(first, Usage.none()), new Wallet(0, new BigDecimal("15.50")),
                unsolved, NO_DISCOUNT);
        assertThat(last.cashCreditUsed()).isEqualByComparingTo("-34.50"); // back to the wallet: 50.00 again
        assertThat(last.minuteCreditUsed()).isZero();
        assertThat(last.payable()).isEqualByComparingTo("0.00");
        assertThat(last.vat()).isEqualByComparingTo("0.00");
        assertThat(sum(last.lines())).isEqualByComparingTo(last.payable());

        // wallet minutes and cash, then money: each goes back the way it came
        Rating mixed = RatingEngine.rate(plan, Usage.none(), new Wallet(2, new BigDecimal("10.00")),
                session("2026-11-22T09:00", 300), NO_DISCOUNT);
        // 5 × 3.90 + 15.00 = 34.50: 2 wallet minutes (7.80) and 10.00 cash; then 3 more minutes? none left: 16.70 payable
        assertThat(mixed.minuteCreditUsed()).isEqualTo(2);
        assertThat(mixed.cashCreditUsed()).isEqualByComparingTo("10.00");
        assertThat(mixed.payable()).isEqualByComparingTo("16.70");
        Rating credited = RatingEngine.rate(plan, withTotals(mixed, Usage.none()), EMPTY, unsolved, NO_DISCOUNT);
        assertThat(credited.minuteCreditUsed()).isEqualTo(-2);
        assertThat(credited.cashCreditUsed()).isEqualByComparingTo("-10.00");
        assertThat(credited.payable()).isEqualByComparingTo("-16.70"); // only what was paid as money comes back as money
        assertThat(mixed.payable().add(credited.payable())).isEqualByComparingTo("0.00");
        assertThat(sum(credited.lines())).isEqualByComparingTo(credited.payable());
        assertThat(credited.lines()).filteredOn(l -> l.kind() == Kind.WALLET_RETURN).extracting(Line::amount)
                .containsExactly(new BigDecimal("17.80"));
    }

    /**
     * R-B10 with R-B6 and R-B15: what the wallet paid of on-call work is not a direct handling charge, so
     * no fix, no pay gives none of it back: the fee and minutes the customer paid as money come back as
     * money, not as wallet credit.
     */
    @Test
    void rB10_rB6_onCallTheWalletPaidIsNotGivenBack() {
        Plan plan = new Plan("OCCASIONAL", "ILS", new BigDecimal("3.90"), new BigDecimal("15.00"), Allowances.NONE, Map.of(),
                new OnCall(new BigDecimal("250.00"), 1), null, VAT);
        Session night = new Session(at("2026-11-22T20:00"), at("2026-11-22T20:30"), JERUSALEM, null, Outcome.CONTINUING,
                false, true);
        Rating onCall = RatingEngine.rate(plan, Usage.none(), new Wallet(0, new BigDecimal("250.00")), night, NO_DISCOUNT);
        assertThat(onCall.payable()).isEqualByComparingTo("15.00"); // 250.00 from the wallet, the fee as money
        assertThat(onCall.totals().walletCash()).isEqualByComparingTo("0.00");
        Usage afterNight = withTotals(onCall, Usage.none());
        Rating minutes = RatingEngine.rate(plan, afterNight, EMPTY, session("2026-11-23T10:00", 600), NO_DISCOUNT);
        assertThat(minutes.payable()).isEqualByComparingTo("39.00");
        Session unsolved = new Session(at("2026-11-23T11:00"), at("2026-11-23T11:04"), JERUSALEM, null,
                Outcome.UNSOLVED, false, false);
        Rating credited = RatingEngine.rate(plan, withTotals(minutes, afterNight), EMPTY, unsolved, NO_DISCOUNT);
        assertThat(credited.cashCreditUsed()).isEqualByComparingTo("0.00");
        assertThat(credited.payable()).isEqualByComparingTo("-54.00"); // the fee and the 10 minutes, as money
        assertThat(credited.totals().walletCash()).isEqualByComparingTo("0.00");
        assertThat(credited.totals().walletMinutes()).isZero();
    }

    /**
     * R-B15 with R-B6: no fault found after the wallet paid an hour's minutes: the investigation replaces
     * them, and what the wallet paid beyond it goes back to the wallet, not out as money.
     */
    @Test
    void rB15_rB6_aNoFaultInvestigationGivesTheWalletBackWhatItPaidBeyondIt() {
        Plan dear = new Plan("MONTHLY", "ILS", new BigDecimal("5.00"), BigDecimal.ZERO, Allowances.NONE, Map.of(), null,
                new Investigation(new BigDecimal("180.00"), new BigDecimal("120.00")), VAT);
        Rating hour = RatingEngine.rate(dear, Usage.none(), new Wallet(0, new BigDecimal("300.00")),
                session("2026-11-22T09:00", 3600), NO_DISCOUNT);
        assertThat(hour.payable()).isEqualByComparingTo("0.00");
        Session userError = new Session(at("2026-11-22T11:00"), at("2026-11-22T11:01"), JERUSALEM, null,
                Outcome.NO_FAULT, false, false);
        Rating noFault = RatingEngine.rate(dear, withTotals(hour, Usage.none()), EMPTY, userError, NO_DISCOUNT);
        // the investigation (215.94) is paid by the 300.00 the wallet had paid; 84.06 goes back to it
        assertThat(noFault.cashCreditUsed()).isEqualByComparingTo("-84.06");
        assertThat(noFault.payable()).isEqualByComparingTo("0.00");
        assertThat(sum(noFault.lines())).isEqualByComparingTo(noFault.payable());
    }

    /**
     * R-S2 with R-B10 and R-B15: a credit carries the VAT inside it, so a ticket's sessions add up to
     * the VAT of what the ticket costs in the end: nothing for a ticket whose every charge was credited,
     * and the investigation's VAT when no fault was found after minutes had been charged.
     */
    @Test
    void rS2_rB10_rB15_aCreditCarriesTheVatInsideIt() {
        Plan plan = payAsYouGo();
        Rating first = RatingEngine.rate(plan, Usage.none(), EMPTY, session("2026-11-22T09:00", 300), NO_DISCOUNT);
        assertThat(first.vat()).isEqualByComparingTo("5.26"); // 34.50 × 18/118
        Session unsolved = new Session(at("2026-11-22T10:00"), at("2026-11-22T10:04"), JERUSALEM, null,
                Outcome.UNSOLVED, false, false);
        Rating last = RatingEngine.rate(plan, after(first, Usage.none(), 300), EMPTY, unsolved, NO_DISCOUNT);
        assertThat(last.payable()).isEqualByComparingTo("-34.50");
        assertThat(last.vat()).isEqualByComparingTo("-5.26");
        assertThat(first.vat().add(last.vat())).isEqualByComparingTo("0.00");

        Plan dear = new Plan("MONTHLY", "ILS", new BigDecimal("5.00"), BigDecimal.ZERO, Allowances.NONE, Map.of(), null,
                new Investigation(new BigDecimal("180.00"), new BigDecimal("120.00")), VAT);
        Rating hour = RatingEngine.rate(dear, Usage.none(), EMPTY, session("2026-11-22T09:00", 3600), NO_DISCOUNT);
        assertThat(hour.payable()).isEqualByComparingTo("300.00");
        Session userError = new Session(at("2026-11-22T11:00"), at("2026-11-22T11:01"), JERUSALEM, null,
                Outcome.NO_FAULT, false, false);
        Rating noFault = RatingEngine.rate(dear, after(hour, Usage.none(), 3600), EMPTY, userError, NO_DISCOUNT);
        // 61 min at 180/h = 183.00 + 18% = 215.94, the earlier 300.00 credited: −84.06
        assertThat(noFault.payable()).isEqualByComparingTo("-84.06");
        assertThat(hour.payable().add(noFault.payable())).isEqualByComparingTo("215.94");
        assertThat(hour.vat().add(noFault.vat())).isEqualByComparingTo("32.94"); // 183.00 × 18%
    }

    /**
     * R-S2: VAT is rounded on the ticket's running total, and a session after the rate changed is taxed
     * at its rate for its own part only (the earlier sessions keep theirs): 17% on the first 117.00,
     * 18% on the next 118.00.
     */
    @Test
    void rS2_aSessionAfterTheVatRateChangedIsTaxedAtItsRateForItsPartOnly() {
        Plan at17 = new Plan("MONTHLY", "ILS", BigDecimal.ONE, BigDecimal.ZERO, Allowances.NONE, Map.of(), null, null,
                new BigDecimal("0.17"));
        Plan at18 = new Plan("MONTHLY", "ILS", BigDecimal.ONE, BigDecimal.ZERO, Allowances.NONE, Map.of(), null, null,
                new BigDecimal("0.18"));
        Rating first = RatingEngine.rate(at17, Usage.none(), EMPTY, session("2024-12-31T09:00", 117 * 60), NO_DISCOUNT);
        assertThat(first.vat()).isEqualByComparingTo("17.00");
        Rating second = RatingEngine.rate(at18, withTotals(first, Usage.none()), EMPTY,
                session("2025-01-02T09:00", 118 * 60), NO_DISCOUNT);
        assertThat(second.payable()).isEqualByComparingTo("118.00");
        assertThat(second.vat()).isEqualByComparingTo("18.00");
    }

    @Test
    void rB15_onCallOutsideHoursAndInvestigationOfNoFault() {
        Plan webshop = new Plan("MONTHLY", "ILS", new BigDecimal("3.50"), BigDecimal.ZERO, new Allowances(null, null, 120),
                Map.of(), new OnCall(new BigDecimal("250.00"), 1),
                new Investigation(new BigDecimal("180.00"), new BigDecimal("120.00")), VAT);
        Session night = new Session(at("2026-11-22T20:00"), at("2026-11-22T21:10"), JERUSALEM, null, Outcome.SOLVED,
                false, true);
        assertThat(RatingEngine.rate(webshop, Usage.none(), EMPTY, night, NO_DISCOUNT).payable())
                .isEqualByComparingTo("500.00"); // 2 started hours
        Session critical = new Session(at("2026-11-22T20:00"), at("2026-11-22T21:10"), JERUSALEM, null, Outcome.SOLVED,
                true, true);
        Rating free = RatingEngine.rate(webshop, Usage.none(), EMPTY, critical, NO_DISCOUNT);
        assertThat(free.lines()).noneMatch(l -> l.kind() == Kind.ON_CALL); // R-L4: critical at no extra charge
        assertThat(free.included()).isEqualTo(70);
        Session userError = new Session(at("2026-11-22T10:00"), at("2026-11-22T10:30"), JERUSALEM, null,
                Outcome.NO_FAULT, false, false);
        // 30 min at 180/h = 90.00, at least 120.00, plus 18% VAT
        assertThat(RatingEngine.rate(webshop, Usage.none(), EMPTY, userError, NO_DISCOUNT).payable())
                .isEqualByComparingTo("141.60");
    }

    @Test
    void rS2_theVatInsideThePriceIsShown() {
        Rating r = RatingEngine.rate(new Plan("OCCASIONAL", "ILS", new BigDecimal("11.80"), BigDecimal.ZERO,
                Allowances.NONE, Map.of(), null, null, VAT), Usage.none(), EMPTY, session("2026-11-22T09:00", 600), NO_DISCOUNT);
        assertThat(r.payable()).isEqualByComparingTo("118.00");
        assertThat(r.vat()).isEqualByComparingTo("18.00");
    }

    @Test
    void rB7_aPrepaidWalletPaysForItsMinutesAndItsCashAtTheMinuteRate() {
        // 5 minutes, and 10.00 / 2.90 = 3.45 → 3 whole minutes: 8 minutes; the 1.30 left buys no second,
        // or the session would run into a ninth minute nobody pays (R-B1 bills whole minutes)
        assertThat(RatingEngine.prepaidSeconds(new Wallet(5, new BigDecimal("10.00")), new BigDecimal("2.90")))
                .isEqualTo(8 * 60);
        Rating full = RatingEngine.rate(new Plan("PREPAID", "ILS", new BigDecimal("2.90"), BigDecimal.ZERO,
                Allowances.NONE, Map.of(), null, null, VAT), Usage.none(), new Wallet(5, new BigDecimal("10.00")),
                session("2026-11-22T09:00", 8 * 60), NO_DISCOUNT);
        assertThat(full.payable()).as("the wallet pays every minute it allowed").isEqualByComparingTo("0.00");
        assertThat(RatingEngine.prepaidSeconds(EMPTY, new BigDecimal("2.90"))).isZero();
    }

    @Test
    void theLinesAlwaysAddUpToThePayable() {
        Random random = new Random(42);
        List<Plan> plans = List.of(gold("9.90"), payAsYouGo());
        for (int i = 0; i < 2000; i++) {
            Plan plan = plans.get(random.nextInt(plans.size()));
            Usage usage = new Usage(random.nextInt(3000), random.nextInt(25), random.nextBoolean(),
                    BigDecimal.valueOf(random.nextInt(5000), 2), Map.of(LocalDate.of(2026, 11, 22), random.nextInt(40)),
                    Map.of(YearMonth.of(2026, 11), random.nextInt(70)));
            Wallet wallet = new Wallet(random.nextInt(20), BigDecimal.valueOf(random.nextInt(4000), 2));
            Outcome outcome = Outcome.values()[random.nextInt(3)];
            String action = random.nextInt(10) == 0 && plan.actions().containsKey("OS_INSTALL") ? "OS_INSTALL" : null;
            Session s = new Session(at("2026-11-22T23:30"), at("2026-11-22T23:30").plusSeconds(random.nextInt(7200)),
                    JERUSALEM, action, outcome, false, false);
            Rating r = RatingEngine.rate(plan, usage, wallet, s, BigDecimal.valueOf(random.nextInt(30)));
            assertThat(sum(r.lines())).as("scenario %d", i).isEqualByComparingTo(r.payable());
            assertThat(r.minuteCreditUsed()).isBetween(0, wallet.minutes());
            assertThat(r.cashCreditUsed()).isLessThanOrEqualTo(wallet.cash());
        }
    }
}
