package org.supportdesk.billing.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.supportdesk.billing.rating.RatingEngine.Allowances;
import org.supportdesk.billing.rating.RatingEngine.Investigation;
import org.supportdesk.billing.rating.RatingEngine.OnCall;
import org.supportdesk.billing.rating.RatingEngine.Outcome;
import org.supportdesk.billing.rating.RatingEngine.Plan;
import org.supportdesk.billing.rating.RatingEngine.Rating;
import org.supportdesk.billing.rating.RatingEngine.Session;
import org.supportdesk.billing.rating.RatingEngine.Usage;
import org.supportdesk.billing.rating.RatingEngine.Wallet;

/**
 * The rating core, table-driven: each case names the rules it exercises and writes its arithmetic.
 * Service days are in Asia/Jerusalem; a case starts on Sunday 22 November 2026 at 10:00 unless it says.
 */
class RatingCasesTest {

    static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");
    static final BigDecimal VAT = new BigDecimal("0.18");

    static Plan plan(String type, String rate, String fee, Allowances allowances, Map<String, BigDecimal> actions,
            OnCall onCall, Investigation investigation) {
        return new Plan(type, "ILS", new BigDecimal(rate), new BigDecimal(fee), allowances, actions, onCall, investigation,
                VAT);
    }

    static final Plan GOLD = plan("MONTHLY", "2.90", "0", new Allowances(20, 30, 60),
            Map.of("OS_INSTALL", new BigDecimal("249.00")), null, null);
    static final Plan SILVER = plan("MONTHLY", "3.50", "0", Allowances.NONE, Map.of(), null, null);
    static final Plan OCC = plan("OCCASIONAL", "3.90", "15.00", Allowances.NONE, Map.of(), null, null);
    static final Plan OCC_ACTION = plan("OCCASIONAL", "3.90", "15.00", Allowances.NONE,
            Map.of("BACKUP_SETUP", new BigDecimal("100.00")), null, null);
    static final Plan PRE = plan("PREPAID", "4.90", "0", Allowances.NONE, Map.of("PRINTER", new BigDecimal("89.00")),
            null, null);
    static final Plan DAY = plan("MONTHLY", "2.00", "0", new Allowances(null, 10, null), Map.of(), null, null);
    static final Plan TICKET = plan("MONTHLY", "2.00", "0", new Allowances(5, null, null), Map.of(), null, null);
    static final Plan MONTH = plan("MONTHLY", "2.00", "0", new Allowances(null, null, 15), Map.of(), null, null);
    static final Plan ZERO = plan("MONTHLY", "2.00", "0", new Allowances(0, null, null), Map.of(), null, null);
    static final Plan VAT_PLAN = plan("OCCASIONAL", "11.80", "0", Allowances.NONE, Map.of(), null, null);
    static final Plan WEB = plan("MONTHLY", "3.50", "0", new Allowances(null, null, 120), Map.of(),
            new OnCall(new BigDecimal("250.00"), 1), new Investigation(new BigDecimal("180.00"), new BigDecimal("120.00")));

    /** WEB's extras on a dearer minute and no allowance: earlier minutes can cost more than the investigation. */
    static final Plan WEB_DEAR = plan("MONTHLY", "5.00", "0", Allowances.NONE, Map.of(),
            new OnCall(new BigDecimal("250.00"), 1), new Investigation(new BigDecimal("180.00"), new BigDecimal("120.00")));

    /** One case: the plan, what came before, the wallet, the session, the discount, and what it must give. */
    record Case(String name, Plan plan, long ticketMillisBefore, int ticketIncludedBefore, boolean feeCharged,
            String directBefore, int dayUsed, int monthUsed, int walletMinutes, String walletCash, String start, long millis,
            String action, Outcome outcome, boolean critical, boolean outside, String discount, int minutes, int included,
            String payable) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Builder c(String name, Plan plan) {
        return new Builder(name, plan);
    }

    /** Cases read as sentences: c("…", PLAN).seconds(600).expect(minutes, included, payable). */
    static final class Builder {
        final String name;
        final Plan plan;
        long before;
        int includedBefore;
        boolean fee;
        String direct = "0";
        int day;
        int month;
        int walletMinutes;
        String cash = "0";
        String start = "2026-11-22T10:00";
        long millis;
        String action;
        Outcome outcome = Outcome.CONTINUING;
        boolean critical;
        boolean outside;
        String discount = "0";

        Builder(String name, Plan plan) {
            this.name = name;
            this.plan = plan;
        }

        Builder before(long seconds, int included) {
            before = seconds * 1000;
            includedBefore = included;
            return this;
        }

        Builder millisBefore(long millis) {
            before = millis;
            return this;
        }

        Builder feeCharged(String directCharges) {
            fee = true;
            direct = directCharges;
            return this;
        }

        Builder used(int day, int month) {
            this.day = day;
            this.month = month;
            return this;
        }

        Builder wallet(int minutes, String cash) {
            walletMinutes = minutes;
            this.cash = cash;
            return this;
        }

        Builder at(String start) {
            this.start = start;
            return this;
        }

        Builder seconds(long seconds) {
            return millis(seconds * 1000);
        }

        /** R-B1: the actual duration, to the millisecond of the sessions' instants. */
        Builder millis(long millis) {
            this.millis = millis;
            return this;
        }

        Builder action(String action) {
            this.action = action;
            return this;
        }

        Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        Builder critical() {
            critical = true;
            return this;
        }

        Builder outside() {
            outside = true;
            return this;
        }

        Builder discount(String percent) {
            discount = percent;
            return this;
        }

        Case expect(int minutes, int included, String payable) {
            return new Case(name, plan, before, includedBefore, fee, direct, day, month, walletMinutes, cash, start, millis,
                    action, outcome, critical, outside, discount, minutes, included, payable);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // GOLD: 2.90 a minute, 20 a ticket / 30 a day / 60 a month
                c("R-B1 R-B2: 10 min within every allowance → all included", GOLD).seconds(600).expect(10, 10, "0.00"),
                c("R-B2 R-B3: 25 min, per-ticket 20 → 5 × 2.90 = 14.50", GOLD).seconds(1500).expect(25, 20, "14.50"),
                c("R-B2: day used 20 → min(15, 20, 10, 40) = 10; 5 × 2.90 = 14.50", GOLD).used(20, 20).seconds(900)
                        .expect(15, 10, "14.50"),
                c("R-B2: month used 55 → min(15, 20, 30, 5) = 5; 10 × 2.90 = 29.00", GOLD).used(0, 55).seconds(900)
                        .expect(15, 5, "29.00"),
                c("R-B1 R-B2: ticket had 18 min (18 included) → +5 min, min(5, 2, 12, 42) = 2; 3 × 2.90 = 8.70", GOLD)
                        .before(1080, 18).used(18, 18).seconds(300).expect(5, 2, "8.70"),
                c("R-B2: day and month used up → 10 × 2.90 = 29.00", GOLD).used(30, 30).seconds(600).expect(10, 0, "29.00"),
                c("R-B1: 61 s → 2 minutes, both included", GOLD).seconds(61).expect(2, 2, "0.00"),
                c("R-B2 midnight: 23:55 + 10 min, day used 28 → 22nd: min(5, 20, 2, 32) = 2; 23rd: 5 → 3 × 2.90 = 8.70", GOLD)
                        .at("2026-11-22T23:55").used(28, 28).seconds(600).expect(10, 7, "8.70"),
                c("R-B2 month end: 30 Nov 23:50 + 20 min, Nov used 58 → 2 + 10 included; 8 × 2.90 = 23.20", GOLD)
                        .at("2026-11-30T23:50").used(0, 58).seconds(1200).expect(20, 12, "23.20"),
                c("R-B5: an action costs its price whatever its duration: 249.00", GOLD).action("OS_INSTALL").seconds(7200)
                        .expect(0, 0, "249.00"),
                c("R-B5: an action uses no minute credit and no cash credit: 249.00", GOLD).action("OS_INSTALL")
                        .wallet(100, "500.00").seconds(600).expect(0, 0, "249.00"),
                c("R-B5 R-B9: an action is paid in full, no discount: 249.00", GOLD).action("OS_INSTALL").discount("10")
                        .seconds(600).expect(0, 0, "249.00"),
                c("R-B8: 5 billable, 3 wallet minutes → 2 × 2.90 = 5.80", GOLD).wallet(3, "0").seconds(1500)
                        .expect(25, 20, "5.80"),
                c("R-B8: then cash: 5.80 − 2.00 = 3.80", GOLD).wallet(3, "2.00").seconds(1500).expect(25, 20, "3.80"),
                c("R-B9: discount after credits: 14.50 − 10% = 13.05", GOLD).discount("10").seconds(1500)
                        .expect(25, 20, "13.05"),
                c("R-B9: never on what credit paid: 14.50 − 10.00 = 4.50 − 10% = 4.05", GOLD).wallet(0, "10.00")
                        .discount("10").seconds(1500).expect(25, 20, "4.05"),
                c("R-B6: cash credit pays it all: 14.50 − 20.00 → 0", GOLD).wallet(0, "20.00").seconds(1500)
                        .expect(25, 20, "0.00"),
                c("R-B8 R-B9: 40 min → 20 × 2.90 = 58.00 − 5 min (14.50) − 10.00 = 33.50 − 20% = 26.80", GOLD)
                        .wallet(5, "10.00").discount("20").seconds(2400).expect(40, 20, "26.80"),
                c("R-B1 R-B2: the ticket's allowance is used once over its sessions: 5 × 2.90 = 14.50", GOLD)
                        .before(1200, 20).used(20, 20).seconds(300).expect(5, 0, "14.50"),
                c("R-B5 R-B10: an unsolved action is still paid: 249.00", GOLD).action("OS_INSTALL")
                        .outcome(Outcome.UNSOLVED).seconds(600).expect(0, 0, "249.00"),
                // OCCASIONAL: 3.90 a minute, 15.00 a ticket, nothing included
                c("R-B1 R-B4: 61 s → 2 × 3.90 + 15.00 = 22.80", OCC).seconds(61).expect(2, 0, "22.80"),
                c("R-B1: exactly 60 s is 1 minute: 3.90 + 15.00 = 18.90", OCC).seconds(60).expect(1, 0, "18.90"),
                c("R-B1: 60.4 s is more than a minute: 2 × 3.90 + 15.00 = 22.80", OCC).millis(60_400)
                        .expect(2, 0, "22.80"),
                c("R-B1: 59.6 s before, 0.5 s more: a second minute, 3.90", OCC).millisBefore(59_600)
                        .feeCharged("18.90").millis(500).expect(1, 0, "3.90"),
                c("R-B1: 59 s then 1 s: the second fits the minute billed", OCC).before(59, 0).feeCharged("18.90").seconds(1)
                        .expect(0, 0, "0.00"),
                c("R-B1: 60 s then 1 s: a second minute, 3.90", OCC).before(60, 0).feeCharged("18.90").seconds(1)
                        .expect(1, 0, "3.90"),
                c("R-B4: the fee is charged once: 2 × 3.90 = 7.80", OCC).feeCharged("18.90").before(30, 0).seconds(120)
                        .expect(2, 0, "7.80"),
                c("R-B4: no service, no fee", OCC).seconds(0).expect(0, 0, "0.00"),
                c("R-B2: no allowance includes nothing: 10 × 3.90 + 15.00 = 54.00", OCC).seconds(600)
                        .expect(10, 0, "54.00"),
                c("R-B10: unsolved: this session's 15.60 and fee 15.00 credited → 0", OCC).outcome(Outcome.UNSOLVED)
                        .seconds(240).expect(4, 0, "0.00"),
                c("R-B10: unsolved: earlier direct charges 34.50 credited too → −34.50", OCC).feeCharged("34.50")
                        .before(300, 0).outcome(Outcome.UNSOLVED).seconds(240).expect(4, 0, "-34.50"),
                c("R-B10 R-B6: an unsolved session takes nothing from the wallet", OCC).wallet(0, "50.00")
                        .outcome(Outcome.UNSOLVED).seconds(240).expect(4, 0, "0.00"),
                c("R-B6: 1 wallet minute pays the minute, 3 more (11.70) the fee: 15.00 − 11.70 = 3.30", OCC)
                        .wallet(10, "0").seconds(60).expect(1, 0, "3.30"),
                c("R-B6: cash pays the minute and the fee: 18.90 − 20.00 → 0", OCC).wallet(0, "20.00").seconds(60)
                        .expect(1, 0, "0.00"),
                c("R-S2: VAT inside 10 × 11.80 = 118.00 (18.00)", VAT_PLAN).seconds(600).expect(10, 0, "118.00"),
                c("R-B9: 50% on 18.90 = 9.45", OCC).discount("50").seconds(60).expect(1, 0, "9.45"),
                c("R-B4 R-B5: an action and the fee: 100.00 + 15.00 = 115.00", OCC_ACTION).action("BACKUP_SETUP")
                        .seconds(900).expect(0, 0, "115.00"),
                // PREPAID: 4.90 a minute, printer set-up 89.00
                c("R-B7: wallet minutes pay the minutes", PRE).wallet(10, "0").seconds(600).expect(10, 0, "0.00"),
                c("R-B7: wallet cash pays 10 × 4.90 = 49.00", PRE).wallet(0, "49.00").seconds(600).expect(10, 0, "0.00"),
                c("R-B7: beyond the wallet: 49.00 − 20.00 = 29.00", PRE).wallet(0, "20.00").seconds(600)
                        .expect(10, 0, "29.00"),
                c("R-B5 R-B6: PREPAID pays an action from the wallet: 89 − 50 = 39.00 = 7.96 × 4.90 → 8 minutes, 0.00",
                        PRE).action("PRINTER").wallet(30, "50.00").seconds(1200).expect(0, 0, "0.00"),
                c("R-B5: PREPAID action paid by cash: 89.00 of 100.00", PRE).action("PRINTER").wallet(0, "100.00")
                        .seconds(1200).expect(0, 0, "0.00"),
                c("R-B8: 4 wallet minutes, then 20.00 cash: 6 × 4.90 = 29.40 − 20.00 = 9.40", PRE).wallet(4, "20.00")
                        .seconds(600).expect(10, 0, "9.40"),
                // one allowance alone
                c("R-B2 per day only: 15 min → 10 included, 5 × 2.00 = 10.00", DAY).seconds(900).expect(15, 10, "10.00"),
                c("R-B2 per day only: the day used up → 15 × 2.00 = 30.00", DAY).used(10, 10).seconds(900)
                        .expect(15, 0, "30.00"),
                c("R-B2 per day only: the next day brings a new one: 5 + 5 → 5 included, 10.00", DAY)
                        .at("2026-11-22T23:55").used(10, 10).seconds(600).expect(10, 5, "10.00"),
                c("R-B2: a missing monthly allowance does not limit: 10 included, 10.00", DAY).used(0, 1000).seconds(900)
                        .expect(15, 10, "10.00"),
                c("R-B2 per ticket only: 8 min → 5 included, 3 × 2.00 = 6.00", TICKET).seconds(480).expect(8, 5, "6.00"),
                c("R-B2 per ticket only: used earlier → 3 × 2.00 = 6.00", TICKET).before(300, 5).seconds(180)
                        .expect(3, 0, "6.00"),
                c("R-B2 per ticket only: the day's use does not limit it: 6.00", TICKET).used(500, 500).seconds(480)
                        .expect(8, 5, "6.00"),
                c("R-B2 per ticket 0: includes nothing: 10 × 2.00 = 20.00", ZERO).seconds(600).expect(10, 0, "20.00"),
                c("R-B2 per month only: 20 min → 15 included, 10.00", MONTH).seconds(1200).expect(20, 15, "10.00"),
                c("R-B2 per month only: 10 used → 5 included, 15 × 2.00 = 30.00", MONTH).used(0, 10).seconds(1200)
                        .expect(20, 5, "30.00"),
                c("R-B2 month end: November used up, December's 5 included: 10.00", MONTH).at("2026-11-30T23:55")
                        .used(0, 15).seconds(600).expect(10, 5, "10.00"),
                // webshop: 3.50 a minute, 120 a month, on-call 250/h (1 h at least), investigation 180/h (120 at least)
                c("R-B15: on-call outside hours, at least an hour: 250.00", WEB).outside().seconds(600)
                        .expect(0, 0, "250.00"),
                c("R-B15: 70 min on call → 2 started hours: 500.00", WEB).outside().seconds(4200).expect(0, 0, "500.00"),
                c("R-B15 R-L4: a critical incident outside hours costs no on-call: 30 included", WEB).outside().critical()
                        .seconds(1800).expect(30, 30, "0.00"),
                c("R-B15: in business hours no on-call: 30 included", WEB).seconds(1800).expect(30, 30, "0.00"),
                c("R-B15: no fault: 30 min = 90.00 → at least 120.00, plus 18% VAT = 141.60", WEB)
                        .outcome(Outcome.NO_FAULT).seconds(1800).expect(0, 0, "141.60"),
                c("R-B15: no fault: 60 min = 180.00 + VAT = 212.40", WEB).outcome(Outcome.NO_FAULT).seconds(3600)
                        .expect(0, 0, "212.40"),
                c("R-B15: no fault: 61 min = 183.00 + VAT = 215.94", WEB).outcome(Outcome.NO_FAULT).seconds(3660)
                        .expect(0, 0, "215.94"),
                c("R-B15 R-B9: on-call 250.00 − 10% = 225.00", WEB).outside().discount("10").seconds(600)
                        .expect(0, 0, "225.00"),
                // no allowances, no fee
                c("R-B3: 7 × 3.50 = 24.50", SILVER).seconds(420).expect(7, 0, "24.50"),
                c("R-B8: 10 wallet minutes pay 7", SILVER).wallet(10, "0").seconds(420).expect(7, 0, "0.00"),
                c("R-B9: a 100% discount: 0", SILVER).discount("100").seconds(420).expect(7, 0, "0.00"),
                c("R-B9: 12.5% of 3.50 = 0.4375 → 0.44; 3.06", SILVER).discount("12.5").seconds(60).expect(1, 0, "3.06"),
                c("R-B6 R-B8: 2 wallet minutes and 1.00 cash on 3 × 3.50: 3.50 − 1.00 = 2.50", SILVER).wallet(2, "1.00")
                        .seconds(180).expect(3, 0, "2.50"));
    }

    static Rating rate(Case c) {
        Instant start = LocalDateTime.parse(c.start()).atZone(JERUSALEM).toInstant();
        LocalDate day = LocalDate.parse(c.start().substring(0, 10));
        Map<LocalDate, Integer> days = c.dayUsed() == 0 ? Map.of() : Map.of(day, c.dayUsed());
        Map<YearMonth, Integer> months = c.monthUsed() == 0 ? Map.of() : Map.of(YearMonth.from(day), c.monthUsed());
        return RatingEngine.rate(c.plan(), new Usage(c.ticketMillisBefore(), c.ticketIncludedBefore(), c.feeCharged(),
                new BigDecimal(c.directBefore()), days, months), new Wallet(c.walletMinutes(), new BigDecimal(c.walletCash())),
                new Session(start, start.plusMillis(c.millis()), JERUSALEM, c.action(), c.outcome(), c.critical(),
                        c.outside()), new BigDecimal(c.discount()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ratesAsTheRulesSay(Case c) {
        Rating r = rate(c);
        assertThat(r.newMinutes()).as("minutes").isEqualTo(c.minutes());
        assertThat(r.included()).as("included").isEqualTo(c.included());
        assertThat(r.payable()).as("payable").isEqualByComparingTo(c.payable());
        assertThat(r.lines().stream().map(RatingEngine.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .as("the lines add up to the payable").isEqualByComparingTo(r.payable());
    }

    @Test
    void thereAreAtLeastSixtyCasesAndEveryBillingRuleHasOne() {
        List<Case> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(60);
        for (String rule : List.of("R-B1", "R-B2", "R-B3", "R-B4", "R-B5", "R-B6", "R-B7", "R-B8", "R-B9", "R-B10",
                "R-B15", "R-S2")) {
            assertThat(all).as(rule).anyMatch(c -> c.name().contains(rule + ":") || c.name().contains(rule + " "));
        }
    }

    /** How a ticket is worked, for the splitting property: its plan, discount, hours and last outcome. */
    record Working(Plan plan, String discount, boolean outside, Outcome last) {
    }

    @Test
    void splittingATicketsTimeIntoSessionsNeverChangesItsTotalNorItsVatR_B1_R_S2() {
        Random random = new Random(11);
        List<Working> ways = new ArrayList<>();
        for (Plan plan : List.of(GOLD, OCC, DAY, TICKET, MONTH, SILVER, WEB)) {
            ways.add(new Working(plan, "0", false, Outcome.CONTINUING));
            ways.add(new Working(plan, "12.5", false, Outcome.SOLVED)); // R-B9: rounded on the ticket
            ways.add(new Working(plan, "0", false, Outcome.UNSOLVED)); // R-B10
            ways.add(new Working(plan, "12.5", false, Outcome.UNSOLVED)); // R-B10 takes back R-B9's discount
        }
        ways.add(new Working(WEB, "0", true, Outcome.SOLVED)); // R-B15: on-call hours started by the ticket
        ways.add(new Working(WEB, "7.5", true, Outcome.SOLVED));
        ways.add(new Working(WEB, "0", false, Outcome.NO_FAULT)); // R-B15: the whole ticket is its investigation
        ways.add(new Working(WEB, "12.5", false, Outcome.NO_FAULT));
        ways.add(new Working(WEB_DEAR, "0", false, Outcome.NO_FAULT)); // earlier minutes beyond the investigation
        ways.add(new Working(WEB_DEAR, "12.5", false, Outcome.NO_FAULT));
        for (Working way : ways) {
            BigDecimal discount = new BigDecimal(way.discount());
            for (int trial = 0; trial < 200; trial++) {
                // R-B1: to the millisecond, as the sessions' instants are
                long total = 1 + random.nextInt(5_400_000);
                Rating once = RatingEngine.rate(way.plan(), Usage.none(), new Wallet(0, BigDecimal.ZERO),
                        session(0, total, way.outside(), way.last()), discount);
                BigDecimal whole = once.payable();
                List<Long> parts = split(total, 1 + random.nextInt(8), random);
                Usage usage = Usage.none();
                BigDecimal sum = BigDecimal.ZERO;
                BigDecimal vat = BigDecimal.ZERO;
                long offset = 0;
                for (int i = 0; i < parts.size(); i++) {
                    Outcome outcome = i == parts.size() - 1 ? way.last() : Outcome.CONTINUING;
                    Rating r = RatingEngine.rate(way.plan(), usage, new Wallet(0, BigDecimal.ZERO),
                            session(offset, parts.get(i), way.outside(), outcome), discount);
                    usage = after(usage, r);
                    sum = sum.add(r.payable());
                    vat = vat.add(r.vat());
                    offset += parts.get(i) + 60_000; // a minute's pause between sessions, the same service day
                }
                assertThat(sum).as("%s %s split %s", way, total, parts).isEqualByComparingTo(whole);
                // R-S2: the VAT, rounded on the ticket's running total, adds up to the VAT of the whole
                assertThat(vat).as("VAT of %s %s split %s", way, total, parts).isEqualByComparingTo(once.vat());
            }
        }
    }

    @Test
    void ratingIsDeterministic() {
        cases().forEach(c -> assertThat(rate(c)).as(c.name()).isEqualTo(rate(c)));
    }

    static Session session(long offsetMillis, long millis, boolean outside, Outcome outcome) {
        // 00:30 leaves the whole of any split ticket in one service day
        Instant start = LocalDateTime.parse("2026-11-22T00:30").atZone(JERUSALEM).toInstant().plusMillis(offsetMillis);
        return new Session(start, start.plusMillis(millis), JERUSALEM, null, outcome, false, outside);
    }

    static List<Long> split(long total, int pieces, Random random) {
        List<Long> parts = new ArrayList<>();
        long left = total;
        for (int i = 1; i < pieces && left > 1; i++) {
            long part = 1 + (long) (random.nextDouble() * (left - 1));
            parts.add(part);
            left -= part;
        }
        parts.add(left);
        return parts;
    }

    static Usage after(Usage before, Rating r) {
        Map<LocalDate, Integer> days = new HashMap<>(before.includedByDay());
        r.includedByDay().forEach((d, n) -> days.merge(d, n, Integer::sum));
        Map<YearMonth, Integer> months = new HashMap<>(before.includedByMonth());
        r.includedByDay().forEach((d, n) -> months.merge(YearMonth.from(d), n, Integer::sum));
        return new Usage(before.ticketMillis() + r.countedMillis(), before.ticketIncluded() + r.included(),
                r.ticketFeeCharged(), before.ticketDirectCharges().add(r.directCharges()), days, months, r.totals());
    }
}
