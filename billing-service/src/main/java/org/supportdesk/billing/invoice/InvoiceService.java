package org.supportdesk.billing.invoice;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.billing.accounts.Partner;
import org.supportdesk.billing.plans.PlanTermsReader;
import org.supportdesk.billing.plans.PlanVersionRow;
import org.supportdesk.billing.payment.PaymentProvider;
import org.supportdesk.billing.rating.RatingEngine;
import org.supportdesk.billing.wallet.BillingConfig;
import org.supportdesk.billing.usage.RatedSession;
import org.supportdesk.billing.usage.TicketUsage;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.money.Money;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.timer.DueTimers;

/**
 * Invoices (R-B11, R-B12): a MONTHLY account's invoice per calendar month from the invoice run, an
 * OCCASIONAL account's invoice per ticket when its handling ends; issued with a gapless number,
 * charged through the payment provider, retried, and a failure published for R-S7. Every method
 * runs in the caller's transaction.
 */
@ApplicationScoped
public class InvoiceService {

    /** A partner's monthly run for the tickets it opened (subject {@code <partner id>/<first day of the month>}). */
    public static final String PARTNER_RUN_TIMER = "partner-invoice-run";
    /** The monthly run of one account (subject {@code <account id>/<first day of the month>}). */
    public static final String RUN_TIMER = "invoice-run";
    /** The next charge attempt of an unpaid invoice (subject: the invoice id). */
    public static final String RETRY_TIMER = "invoice-payment-retry";
    public static final String PAYMENT_FAILED = "org.supportdesk.billing.payment-failed.v1";
    public static final String INVOICE_ISSUED = "org.supportdesk.billing.invoice-issued.v1";
    public static final String INVOICE_PAID = "org.supportdesk.billing.invoice-paid.v1";

    private static final org.jboss.logging.Logger LOG_FAILED = org.jboss.logging.Logger.getLogger(InvoiceService.class);

    public record PaymentFailed(UUID accountId, UUID invoiceId, Money amount, int attempt, String reason, Instant failedAt,
            boolean warnedAboutCard, boolean earlierDebtUnpaid) {
    }

    /** The payer is the account, or for a partner's monthly invoice (R-P2) the partner: {@code accountId} null. */
    public record InvoiceIssued(UUID accountId, UUID partnerId, UUID invoiceId, String kind, long number, Money total,
            Money vat, LocalDate periodStart, LocalDate periodEnd, UUID ticketId, Instant issuedAt) {
    }

    /** {@code otherDebtUnpaid}: the account has other invoices issued and unpaid (R-S7: its freeze stays). */
    public record InvoicePaid(UUID accountId, UUID partnerId, UUID invoiceId, long number, Money total, Instant paidAt,
            boolean otherDebtUnpaid) {
    }

    /** The partner that pays the invoice (R-P2), or null when an account does. */
    private static UUID payerPartner(Invoice invoice) {
        return invoice.accountId == null ? invoice.partnerId : null;
    }

    private final PaymentProvider payments;
    private final Outbox outbox;
    private final DueTimers timers;
    private final BillingConfig config;
    private final ObjectMapper json;
    private final ZoneId zone;
    private final Clock clock;

    InvoiceService(PaymentProvider payments, Outbox outbox, DueTimers timers, BillingConfig config, ObjectMapper json,
            PlatformConfig platform, Clock clock) {
        this.payments = payments;
        this.outbox = outbox;
        this.timers = timers;
        this.config = config;
        this.json = json;
        this.zone = platform.zone();
        this.clock = clock;
    }

    /**
     * An invoice's id follows from what it bills, so a transaction that is rolled back and run again
     * (a redelivered event, a timer fired again) charges the payment provider under the same invoice
     * id and attempt, which the provider takes as its idempotency key: a customer is never charged twice.
     */
    static UUID invoiceId(String series, Object... bills) {
        StringBuilder name = new StringBuilder(series);
        for (Object part : bills) {
            name.append('/').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sessionIds(List<RatedSession> sessions) {
        return sessions.stream().map(r -> r.sessionId.toString()).sorted().collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * R-B11: the accounts' runs for {@code month} fall due after the month ends (plus the configured
     * delay), scheduled with one statement.
     */
    private Uni<Void> scheduleRun(List<UUID> accountIds, YearMonth month) {
        return timers.scheduleAll(RUN_TIMER, runSubjects(accountIds, month), runDue(month), null);
    }

    /** When a month's runs (an account's, a partner's) fall due: the month ended, plus the configured delay. */
    private Instant runDue(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().plus(config.invoiceRunDelay());
    }

    /** The subjects of the accounts' run timers for a month: {@code <account id>/<first day of the month>}. */
    private static List<String> runSubjects(List<UUID> accountIds, YearMonth month) {
        return accountIds.stream().map(a -> a + "/" + month.atDay(1)).toList();
    }

    /**
     * R-B11: the month's invoice of each MONTHLY account of a batch of the invoice run (in its order):
     * its fees prorated by the days in each plan (freeze days free), less the partner discount, and
     * every ticket opened by the end of the month whose handling ended before the run and was not
     * invoiced (later ones roll to the next invoice); the included minutes settled against the
     * month's plans. What the batch needs is read with one query per kind, each account's invoice
     * worked out from it, and the batch's invoices numbered with one statement. Idempotent: an account
     * whose month is invoiced already is left as it is.
     */
    public Uni<Void> runMonths(List<UUID> accountIds, YearMonth month) {
        MonthBatch batch = new MonthBatch(month, Instant.now(clock));
        return Panache.getSession().chain(s -> s.createNativeQuery("select account_id from invoice "
                + "where account_id = any(cast(:a as uuid[])) and kind = 'MONTHLY' and period_start = :p", UUID.class)
                .setParameter("a", NativeSelects.uncached(ids(accountIds))).setParameter("p", batch.first).getResultList()
                .chain(invoiced -> {
                    java.util.Set<UUID> done = new java.util.HashSet<>(invoiced);
                    List<UUID> open = accountIds.stream().distinct().filter(a -> !done.contains(a)).toList();
                    return open.isEmpty() ? Uni.createFrom().voidItem() : batch.read(s, open)
                            // a month with no day in a MONTHLY plan (the account moved on, or closed) has no monthly invoice
                            .chain(() -> {
                                if (batch.due.isEmpty()) {
                                    return Uni.createFrom().voidItem();
                                }
                                List<Draft> drafts = batch.due.stream().map(a -> monthly(batch, a)).toList();
                                // numbered last: the series' row stays locked from its numbers to the commit
                                return batch.markBilled(s)
                                        .chain(() -> scheduleRuns(batch.due.stream().filter(a -> {
                                            BillingAccount account = batch.accounts.get(a);
                                            return "MONTHLY".equals(account.planType) && !"CLOSED".equals(account.status);
                                        }).toList(), month.plusMonths(1)))
                                        .chain(() -> issueAll(s, drafts, batch.now));
                            });
                }));
    }

    /** Ids as a parameter for {@code = any(cast(:ids as uuid[]))}: one statement whatever their number. */
    private static UUID[] ids(java.util.Collection<UUID> ids) {
        return ids.toArray(UUID[]::new);
    }

    /**
     * What a batch of accounts' month needs, read with one query per kind (R-B11), each a native
     * statement taking the ids as an array (an HQL {@code in :list} is translated again for each new
     * length of the list).
     */
    private final class MonthBatch {
        final YearMonth month;
        final Instant now;
        final LocalDate first;
        final LocalDate afterLast;
        final Instant monthStart;
        final Instant monthEnd;
        final Map<UUID, List<SubscriptionStay>> stays = new java.util.HashMap<>();
        /** Included minutes rated in the month, by account: plan, plan version, minutes. */
        final Map<UUID, List<Object[]>> used = new java.util.HashMap<>();
        final Map<PlanVersionRow.Key, PlanVersionRow> plans = new java.util.HashMap<>();
        final Map<PlanVersionRow.Key, org.supportdesk.billing.rating.RatingEngine.Plan> terms = new java.util.HashMap<>();
        final Map<PlanVersionRow.Key, BigDecimal> monthlyFees = new java.util.HashMap<>();
        /** The accounts with a day of the month in a MONTHLY plan, in the batch's order. */
        List<UUID> due = List.of();
        final Map<UUID, BillingAccount> accounts = new java.util.HashMap<>();
        final Map<UUID, List<FreezeDays>> freezes = new java.util.HashMap<>();
        final Map<UUID, BigDecimal> discounts = new java.util.HashMap<>();
        final Map<UUID, List<RatedSession>> sessions = new java.util.HashMap<>();
        final Map<UUID, Long> ticketNumbers = new java.util.HashMap<>();
        final Map<UUID, org.supportdesk.billing.bank.MinuteBank> banks = new java.util.HashMap<>();
        /** The sessions the batch's invoices bill (read as rows, not entities), and the invoice of each. */
        final Map<UUID, UUID> billed = new java.util.LinkedHashMap<>();

        MonthBatch(YearMonth month, Instant now) {
            this.month = month;
            this.now = now;
            this.first = month.atDay(1);
            this.afterLast = month.plusMonths(1).atDay(1);
            this.monthStart = first.atStartOfDay(zone).toInstant();
            this.monthEnd = afterLast.atStartOfDay(zone).toInstant();
        }

        Uni<Void> read(Mutiny.Session s, List<UUID> open) {
            return s.createNativeQuery("select * from subscription_stay where account_id = any(cast(:a as uuid[])) "
                    + "and starts_on < :end and (ends_on is null or ends_on > :start) order by starts_on", SubscriptionStay.class)
                    .setParameter("a", NativeSelects.uncached(ids(open))).setParameter("start", first)
                    .setParameter("end", afterLast).getResultList()
                    .invoke(rows -> rows.forEach(st -> stays.computeIfAbsent(st.accountId, a -> new ArrayList<>()).add(st)))
                    // a session's minutes fall on the days of its own time (R-B2): one within the month has all its
                    // included minutes in it, and only one across the month's start or end is read by its lines
                    .chain(() -> s.createNativeQuery("""
                            select r.account_id, r.plan_id, r.plan_version,
                                   sum(case when r.started_at >= :monthStart and r.ended_at <= :monthEnd then r.included
                                       else (select coalesce(sum(l.included), 0) from rated_line l
                                             where l.session_id = r.session_id and l.kind = 'MINUTES'
                                               and l.day >= :first and l.day < :afterLast) end)
                            from rated_session r
                            where r.account_id = any(cast(:a as uuid[]))
                              and r.ended_at > :monthStart and r.started_at < :monthEnd
                              -- R-B10: no fix, no pay: an unsolved ticket's minutes are never billed here
                              and not exists (select 1 from ticket_usage t where t.ticket_id = r.ticket_id and t.unsolved)
                            group by r.account_id, r.plan_id, r.plan_version
                            """, Object[].class).setParameter("a", NativeSelects.uncached(ids(open)))
                            .setParameter("monthStart", monthStart).setParameter("monthEnd", monthEnd)
                            .setParameter("first", first).setParameter("afterLast", afterLast).getResultList())
                    .invoke(rows -> rows.forEach(u -> used.computeIfAbsent((UUID) u[0], a -> new ArrayList<>())
                            .add(new Object[] { u[1], u[2], u[3] })))
                    .chain(() -> {
                        java.util.Set<UUID> planIds = new java.util.HashSet<>();
                        stays.values().forEach(list -> list.forEach(st -> planIds.add(st.planId)));
                        used.values().forEach(list -> list.forEach(u -> planIds.add((UUID) u[0])));
                        return planIds.isEmpty() ? Uni.createFrom().item(List.<PlanVersionRow>of())
                                : s.createNativeQuery("select * from plan_version where plan_id = any(cast(:p as uuid[]))",
                                        PlanVersionRow.class).setParameter("p", NativeSelects.uncached(ids(planIds)))
                                                .getResultList();
                    })
                    .invoke(rows -> rows.forEach(r -> plans.put(new PlanVersionRow.Key(r.planId, r.version), r)))
                    .chain(() -> {
                        due = open.stream().filter(a -> stays.getOrDefault(a, List.of()).stream().anyMatch(st -> {
                            PlanVersionRow plan = plan(st);
                            return plan != null && "MONTHLY".equals(plan.type);
                        })).toList();
                        return due.isEmpty() ? Uni.createFrom().voidItem() : readDue(s);
                    });
        }

        private Uni<Void> readDue(Mutiny.Session s) {
            return s.createNativeQuery("select * from billing_account where account_id = any(cast(:a as uuid[]))",
                    BillingAccount.class).setParameter("a", NativeSelects.uncached(ids(due))).getResultList()
                    .invoke(rows -> rows.forEach(a -> accounts.put(a.accountId, a)))
                    .chain(() -> s.createNativeQuery("select * from account_freeze where account_id = any(cast(:a as uuid[]))",
                            FreezeDays.class).setParameter("a", NativeSelects.uncached(ids(due))).getResultList())
                    .invoke(rows -> rows.forEach(f -> freezes.computeIfAbsent(f.accountId, a -> new ArrayList<>()).add(f)))
                    .chain(() -> {
                        List<UUID> partners = accounts.values().stream().map(a -> a.partnerId)
                                .filter(java.util.Objects::nonNull).distinct().toList();
                        return partners.isEmpty() ? Uni.createFrom().item(List.<Partner>of())
                                : s.createNativeQuery("select * from partner where partner_id = any(cast(:p as uuid[]))",
                                        Partner.class).setParameter("p", NativeSelects.uncached(ids(partners)))
                                                .getResultList();
                    })
                    .invoke(rows -> rows.forEach(p -> discounts.put(p.partnerId, p.discountPercent)))
                    // the sessions to bill and their tickets' numbers, read as rows (nothing in them changes here)
                    .chain(() -> s.createNativeQuery("""
                            select r.session_id, r.account_id, r.ticket_id, r.minutes, r.included, r.payable, r.vat,
                                   t.ticket_number
                            from rated_session r join ticket_usage t on t.ticket_id = r.ticket_id
                            where r.account_id = any(cast(:a as uuid[])) and r.invoice_id is null
                              and r.bill_to_partner is null and t.opened_at < :monthEnd
                              and t.handling_ended_at is not null and t.handling_ended_at <= :now
                              and not exists (select 1 from plan_version p where p.plan_id = r.plan_id
                                              and p.version = r.plan_version and p.type = 'PREPAID')
                            order by t.opened_at, r.ended_at
                            """, Object[].class).setParameter("a", NativeSelects.uncached(ids(due)))
                            .setParameter("monthEnd", monthEnd).setParameter("now", now).getResultList())
                    .invoke(rows -> rows.forEach(row -> {
                        RatedSession r = new RatedSession();
                        r.sessionId = (UUID) row[0];
                        r.accountId = (UUID) row[1];
                        r.ticketId = (UUID) row[2];
                        r.minutes = ((Number) row[3]).intValue();
                        r.included = ((Number) row[4]).intValue();
                        r.payable = (BigDecimal) row[5];
                        r.vat = (BigDecimal) row[6];
                        ticketNumbers.put(r.ticketId, ((Number) row[7]).longValue());
                        sessions.computeIfAbsent(r.accountId, x -> new ArrayList<>()).add(r);
                    }))
                    .chain(() -> s.createNativeQuery("select * from minute_bank where account_id = any(cast(:a as uuid[])) "
                            + "and period_start = :p order by account_id for update", org.supportdesk.billing.bank.MinuteBank.class)
                            .setParameter("a", NativeSelects.uncached(ids(due))).setParameter("p", first).getResultList())
                    .invoke(rows -> rows.forEach(b -> banks.put(b.accountId, b)))
                    .replaceWithVoid();
        }

        /**
         * What the invoices bill, marked with one statement that takes only sessions still unbilled: if
         * another run billed one meanwhile (two months' runs of an account at once, on two workers or
         * replicas), the batch rolls back and its timers fire again, reading what that run committed.
         * Never a session on two invoices.
         */
        Uni<Void> markBilled(Mutiny.Session s) {
            return billed.isEmpty() ? Uni.createFrom().voidItem() : s.createNativeQuery("""
                    update rated_session r set invoice_id = b.invoice_id
                    from unnest(cast(:sessions as uuid[]), cast(:invoices as uuid[])) as b (session_id, invoice_id)
                    where r.session_id = b.session_id and r.invoice_id is null
                    """).setParameter("sessions", ids(billed.keySet()))
                    .setParameter("invoices", ids(billed.values())).executeUpdate()
                    .invoke(marked -> {
                        if (marked != billed.size()) {
                            throw new IllegalStateException((billed.size() - marked)
                                    + " of the batch's sessions were billed by another run meanwhile");
                        }
                    }).replaceWithVoid();
        }

        /** A plan version's terms at the end of the month, read once for the batch. */
        org.supportdesk.billing.rating.RatingEngine.Plan terms(PlanVersionRow plan) {
            return terms.computeIfAbsent(new PlanVersionRow.Key(plan.planId, plan.version),
                    k -> PlanTermsReader.read(json, plan.terms, month.atEndOfMonth()));
        }

        /** R-B9: the discount of the account's partner (none without one). */
        BigDecimal discountOf(BillingAccount account) {
            return account.partnerId == null ? BigDecimal.ZERO : discounts.getOrDefault(account.partnerId, BigDecimal.ZERO);
        }

        PlanVersionRow plan(SubscriptionStay stay) {
            return plans.get(new PlanVersionRow.Key(stay.planId, stay.planVersion));
        }
    }

    /** One account's monthly invoice, worked out from what its batch read (R-B11, R-B9, R-S9). */
    private Draft monthly(MonthBatch batch, UUID accountId) {
        BillingAccount account = batch.accounts.get(accountId);
        UUID invoiceId = invoiceId("monthly", accountId, batch.month);
        List<SubscriptionStay> stays = batch.stays.getOrDefault(accountId, List.of());
        List<InvoiceLine> lines = monthlyLines(batch, account, stays, invoiceId);
        lines.addAll(allowanceAdjustment(batch, accountId, stays));
        capBankCredit(lines);
        return new Draft(account, null, invoiceId, "MONTHLY", batch.first, batch.month.atEndOfMonth(), null, lines);
    }

    /**
     * R-B11: the month's included minutes re-allotted as the day-weighted mix of its plans; minutes
     * rated as included under plans with a monthly allowance beyond the mix are billed here.
     */
    private List<InvoiceLine> allowanceAdjustment(MonthBatch batch, UUID accountId, List<SubscriptionStay> stays) {
        YearMonth month = batch.month;
        List<Object[]> used = batch.used.getOrDefault(accountId, List.of());
        org.supportdesk.billing.bank.MinuteBank bank = batch.banks.get(accountId);
        Map<PlanVersionRow.Key, org.supportdesk.billing.rating.RatingEngine.Plan> plans = new java.util.HashMap<>();
        List<PlanVersionRow.Key> keys = new ArrayList<>();
        stays.forEach(st -> keys.add(new PlanVersionRow.Key(st.planId, st.planVersion)));
        used.forEach(u -> keys.add(new PlanVersionRow.Key((UUID) u[0], ((Number) u[1]).intValue())));
        keys.stream().distinct().map(batch.plans::get).filter(java.util.Objects::nonNull)
                .forEach(r -> plans.put(new PlanVersionRow.Key(r.planId, r.version), batch.terms(r)));
        int allotted = MonthlyAllowance.of(month, stays.stream()
                .map(st -> new MonthlyAllowance.Stay(plans.containsKey(new PlanVersionRow.Key(
                        st.planId, st.planVersion)) ? plans.get(new PlanVersionRow.Key(
                        st.planId, st.planVersion)).allowances().perMonth() : null,
                        st.startsOn, st.endsOn)).toList());
        int included = used.stream().filter(u -> {
            var plan = plans.get(new PlanVersionRow.Key((UUID) u[0], ((Number) u[1]).intValue()));
            return plan != null && plan.allowances().perMonth() != null;
        }).mapToInt(u -> ((Number) u[2]).intValue()).sum();
        if (bank != null) {
            // R-S2, R-B9: the bank's minutes are the MONTHLY plan's: its VAT, the partner's discount
            BigDecimal vatRate = stays.reversed().stream().map(st -> plans.get(new PlanVersionRow.Key(st.planId,
                    st.planVersion))).filter(p -> p != null && p.allowances().perMonth() != null)
                    .map(org.supportdesk.billing.rating.RatingEngine.Plan::vatRate).findFirst().orElse(BigDecimal.ZERO);
            BillingAccount account = batch.accounts.get(accountId);
            return bankSettlement(bank, included, vatRate, account == null ? BigDecimal.ZERO : batch.discountOf(account));
        }
        int excess = MonthlyAllowance.excess(included, allotted);
        if (excess == 0 || stays.isEmpty()) {
            return List.of();
        }
        // the minutes beyond the allotment are the last ones included: priced at the rate of the plan that
        // included them (R-S6: a ticket is priced by its plan), the plans of the latest stays first
        List<PlanVersionRow.Key> stayOrder = stays.stream().map(st -> new PlanVersionRow.Key(st.planId, st.planVersion))
                .toList();
        List<Object[]> byLatest = used.stream().filter(u -> {
            var plan = plans.get(new PlanVersionRow.Key((UUID) u[0], ((Number) u[1]).intValue()));
            return plan != null && plan.allowances().perMonth() != null;
        }).sorted(java.util.Comparator.comparingInt((Object[] u) -> -stayOrder.lastIndexOf(
                new PlanVersionRow.Key((UUID) u[0], ((Number) u[1]).intValue())))).toList();
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal vat = BigDecimal.ZERO;
        int left = excess;
        for (Object[] u : byLatest) {
            int minutes = Math.min(left, ((Number) u[2]).intValue());
            if (minutes <= 0) {
                continue;
            }
            var plan = plans.get(new PlanVersionRow.Key((UUID) u[0], ((Number) u[1]).intValue()));
            BigDecimal part = plan.minuteRate().multiply(BigDecimal.valueOf(minutes));
            amount = amount.add(part);
            vat = vat.add(RatingEngine.vatInside(part, plan.vatRate()));
            left -= minutes;
        }
        InvoiceLine line = line("ALLOWANCE_ADJUSTMENT", "R-B11: " + included
                + " included minutes, " + allotted + " allotted by the month's plans", excess, amount, null);
        line.vat = vat;
        List<InvoiceLine> lines = new ArrayList<>(List.of(line));
        // R-B9: the partner discount applies to what the customer pays, these minutes too
        BillingAccount account = batch.accounts.get(accountId);
        partnerDiscount(amount, vat, account == null ? BigDecimal.ZERO : batch.discountOf(account),
                "the minutes beyond the allotment").ifPresent(lines::add);
        return lines;
    }

    /** R-B9: the partner discount line on an amount and the VAT inside it; none when it takes nothing off. */
    private static java.util.Optional<InvoiceLine> partnerDiscount(BigDecimal amount, BigDecimal vat, BigDecimal percent,
            String onWhat) {
        BigDecimal off = amount.multiply(percent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        if (off.signum() <= 0) {
            return java.util.Optional.empty();
        }
        InvoiceLine l = line("DISCOUNT", percent.stripTrailingZeros().toPlainString() + "% partner discount on " + onWhat,
                null, off.negate(), null);
        l.vat = vat.multiply(percent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP).negate();
        return java.util.Optional.of(l);
    }

    /**
     * R-S9: the month the account moved from MONTHLY to PREPAID: its whole minute bank served the
     * MONTHLY tickets and then the PREPAID ones first; minutes used beyond the bank are billed, and
     * free minutes pay this invoice if the customer chose so. The bank is settled.
     */
    private List<InvoiceLine> bankSettlement(org.supportdesk.billing.bank.MinuteBank bank, int includedByMonthly,
            BigDecimal vatRate, BigDecimal discountPercent) {
        bank.settledAt = Instant.now(clock);
        int used = includedByMonthly + bank.usedByPrepaid;
        List<InvoiceLine> lines = new ArrayList<>();
        if (used > bank.minutes) {
            int excess = used - bank.minutes;
            InvoiceLine beyond = line("ALLOWANCE_ADJUSTMENT", "R-S9: " + includedByMonthly
                    + " minutes included on MONTHLY tickets and " + bank.usedByPrepaid + " on PREPAID ones, "
                    + bank.minutes + " in the bank", excess, bank.minuteRate.multiply(BigDecimal.valueOf(excess)), null);
            beyond.vat = RatingEngine.vatInside(beyond.amount, vatRate);
            lines.add(beyond);
            // R-B9: the partner discount applies to what the customer pays, these minutes too
            partnerDiscount(beyond.amount, beyond.vat, discountPercent, "the minutes beyond the bank").ifPresent(lines::add);
        } else if (bank.applyToDebt && used < bank.minutes) {
            int free = bank.minutes - used;
            InvoiceLine credit = line("MINUTE_BANK", "R-S9: " + free + " free minutes of the bank pay the old subscription's debt",
                    free, bank.minuteRate.multiply(BigDecimal.valueOf(free)).negate(), null);
            credit.vat = RatingEngine.vatInside(credit.amount, vatRate);
            lines.add(credit);
        }
        return lines;
    }

    /**
     * R-S9: free bank minutes pay the debt, never more than it (credit is not money back, R-B6); a
     * credit cut to the debt leaves an invoice of nothing, VAT included.
     */
    private static void capBankCredit(List<InvoiceLine> lines) {
        BigDecimal total = lines.stream().map(l -> l.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.signum() >= 0) {
            return;
        }
        BigDecimal vat = lines.stream().map(l -> l.vat).reduce(BigDecimal.ZERO, BigDecimal::add);
        lines.stream().filter(l -> "MINUTE_BANK".equals(l.kind)).findFirst().ifPresent(l -> {
            l.amount = l.amount.subtract(total).setScale(2, RoundingMode.HALF_UP);
            l.vat = l.vat.subtract(vat).setScale(2, RoundingMode.HALF_UP);
        });
    }

    /** An admin's run: the accounts' runs for the month fall due now, with one statement (an invoiced month stays as it is). */
    public Uni<Void> runNow(List<UUID> accountIds, YearMonth month) {
        return timers.scheduleAll(RUN_TIMER, runSubjects(accountIds, month), Instant.now(clock), null);
    }

    /**
     * R-B12: the rated session {@code r} is not a PREPAID one (a PREPAID account gets no invoice): the
     * condition the partner run and a ticket's own invoice add (the month's run says it in SQL).
     */
    private static final String NOT_PREPAID = "not exists (select 1 from PlanVersionRow p where p.planId = r.planId "
            + "and p.version = r.planVersion and p.type = 'PREPAID')";

    /** R-P2: a session billed to a partner puts the partner's run for that month in the timers. */
    public Uni<Void> schedulePartnerRun(UUID partnerId, YearMonth month) {
        return timers.schedule(PARTNER_RUN_TIMER, partnerId + "/" + month.atDay(1), runDue(month), null);
    }

    /**
     * R-P2: the partner's invoice for a month: every ticket it opened for its customers, opened by the
     * month's end, whose handling ended and which was not invoiced. Idempotent like the account run.
     */
    public Uni<Void> runPartnerMonth(UUID partnerId, YearMonth month) {
        Instant now = Instant.now(clock);
        LocalDate first = month.atDay(1);
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select count(*) from Invoice where partnerId = :p and kind = 'PARTNER' and periodStart = :first", Long.class)
                .setParameter("p", partnerId).setParameter("first", first).getSingleResult()
                .chain(existing -> existing > 0 ? Uni.createFrom().voidItem() : s.createSelectionQuery("""
                        select r from RatedSession r, TicketUsage t where r.ticketId = t.ticketId
                        and r.billToPartner = :p and r.invoiceId is null and t.openedAt < :monthEnd
                        and t.handlingEndedAt is not null and t.handlingEndedAt <= :now
                        and %s
                        order by t.openedAt, r.endedAt
                        """.formatted(NOT_PREPAID), RatedSession.class).setParameter("p", partnerId).setParameter("monthEnd", monthEnd)
                        .setParameter("now", now).getResultList()
                        .chain(sessions -> {
                            if (sessions.isEmpty()) {
                                return Uni.createFrom().voidItem();
                            }
                            UUID invoiceId = invoiceId("partner", partnerId, month, sessionIds(sessions));
                            sessions.forEach(r -> r.invoiceId = invoiceId);
                            return ticketNumbers(s, sessions).chain(numbers -> {
                                List<InvoiceLine> lines = new ArrayList<>();
                                ticketLines(sessions, numbers, lines);
                                return issueAll(s, List.of(new Draft(null, partnerId, invoiceId, "PARTNER", first,
                                        month.atEndOfMonth(), null, lines)), now);
                            });
                        })));
    }

    /**
     * R-B11: the accounts' runs of {@code month} and of the month after it, with a statement each.
     * After a month's run the two months after it are scheduled (the next one is already, as a rule):
     * a run that fails for good and is parked never stops the months after it.
     */
    private Uni<Void> scheduleRuns(List<UUID> accountIds, YearMonth month) {
        return scheduleRun(accountIds, month).chain(() -> scheduleRun(accountIds, month.plusMonths(1)));
    }

    private List<InvoiceLine> monthlyLines(MonthBatch batch, BillingAccount account, List<SubscriptionStay> stays,
            UUID invoiceId) {
        List<MonthlyFees.FeeLine> fees = MonthlyFees.of(batch.month, feeStays(batch, stays),
                batch.freezes.getOrDefault(account.accountId, List.of()).stream()
                        .map(f -> new MonthlyFees.Freeze(f.startsOn, f.endsOn)).toList());
        List<RatedSession> sessions = batch.sessions.getOrDefault(account.accountId, List.of());
        List<InvoiceLine> lines = new ArrayList<>();
        BigDecimal feeTotal = BigDecimal.ZERO;
        BigDecimal feeVat = BigDecimal.ZERO;
        for (MonthlyFees.FeeLine fee : fees) {
            InvoiceLine l = line("MONTHLY_FEE", fee.planName() + ", " + fee.days() + "/"
                    + fee.daysInMonth() + " days", (int) fee.days(), fee.amount(), null);
            l.vat = RatingEngine.vatInside(fee.amount(), vatRates.getOrDefault(fee.planName(), BigDecimal.ZERO));
            lines.add(l);
            feeTotal = feeTotal.add(fee.amount());
            feeVat = feeVat.add(l.vat);
        }
        // R-B9: the partner discount applies to what the customer pays, fees included
        partnerDiscount(feeTotal, feeVat, batch.discountOf(account), "fees").ifPresent(lines::add);
        ticketLines(sessions, batch.ticketNumbers, lines);
        sessions.forEach(r -> batch.billed.put(r.sessionId, invoiceId)); // billed by this invoice
        return lines;
    }

    /** The VAT rate of each plan in force at the end of the month, by plan code (for the fee lines). */
    private final Map<String, BigDecimal> vatRates = new java.util.concurrent.ConcurrentHashMap<>();

    private List<MonthlyFees.Stay> feeStays(MonthBatch batch, List<SubscriptionStay> stays) {
        return stays.stream().map(stay -> {
            PlanVersionRow plan = batch.plan(stay);
            if (plan == null) {
                throw new IllegalStateException("plan " + stay.planId + " v" + stay.planVersion + " not known yet");
            }
            vatRates.put(plan.code, batch.terms(plan).vatRate());
            return new MonthlyFees.Stay(plan.code, batch.monthlyFees.computeIfAbsent(new PlanVersionRow.Key(plan.planId,
                    plan.version), k -> monthlyFee(plan)), stay.startsOn, stay.endsOn);
        }).toList();
    }

    private BigDecimal monthlyFee(PlanVersionRow plan) {
        try {
            return new BigDecimal(json.readTree(plan.terms).path("monthlyFee").path("amount").asText("0"));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable plan terms of " + plan.code, e);
        }
    }

    /**
     * R-B11: whether the run of the account's last month with a day in a MONTHLY plan (it has left the
     * plan since) has fired: a ticket of that plan whose handling ends after it is no run's to bill.
     * True when there is no such month. Asked with the ticket's row locked, as its handling ends.
     */
    public Uni<Boolean> lastMonthlyRunFired(Mutiny.Session s, UUID accountId) {
        return s.createNativeQuery("""
                select max(st.ends_on) from subscription_stay st join plan_version p
                on p.plan_id = st.plan_id and p.version = st.plan_version
                where st.account_id = :a and p.type = 'MONTHLY' and st.ends_on is not null
                """, Object.class).setParameter("a", NativeSelects.uncached(accountId)).getResultList()
                .map(rows -> rows.isEmpty() ? null : rows.get(0))
                .chain(endsOn -> {
                    if (endsOn == null) {
                        return Uni.createFrom().item(true);
                    }
                    LocalDate after = endsOn instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) endsOn;
                    YearMonth last = YearMonth.from(after.minusDays(1)); // a stay ends the day before its ends_on
                    // the run's timer row read for share: a run firing now (its claim holds the row) is waited
                    // for and seen fired, so it billed the ticket or this does; a run not yet claimed is held
                    // off (its claim skips the row) until this commits, and then sees the ticket ended
                    // (every row locked and its state judged here: a condition on fired_at in the query would
                    // be applied to the committed state, before the lock, and skip the row a claim has marked)
                    return s.createNativeQuery("select fired_at is not null from due_timer where kind = :kind "
                            + "and subject = :subject for share", Boolean.class)
                            .setParameter("kind", RUN_TIMER)
                            .setParameter("subject", NativeSelects.uncached(runSubjects(List.of(accountId), last).get(0)))
                            .getResultList()
                            // no row: not scheduled yet, or fired and swept by housekeeping once its day is past
                            .map(rows -> rows.isEmpty() ? !Instant.now(clock).isBefore(runDue(last))
                                    : rows.contains(Boolean.TRUE));
                });
    }

    /**
     * R-B12: an OCCASIONAL account's ticket is invoiced and charged when its handling ends; so is a ticket
     * opened under a MONTHLY plan the account has left since its month's run (R-B11).
     */
    public Uni<Void> invoiceTicket(UUID ticketId) {
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(TicketUsage.class, ticketId).chain(ticket -> ticket == null
                ? Uni.createFrom().voidItem()
                // R-B12: never a PREPAID session (a ticket re-opened under a PREPAID plan), as the month's run
                : s.createSelectionQuery("""
                        select r from RatedSession r where r.ticketId = :t and r.invoiceId is null and r.billToPartner is null
                        and %s
                        order by r.endedAt
                        """.formatted(NOT_PREPAID), RatedSession.class).setParameter("t", ticketId)
                        // locked: a month's run marking one of them meanwhile is waited for, and its session left out
                        .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultList()
                        .chain(sessions -> {
                            if (sessions.isEmpty()) {
                                return Uni.createFrom().voidItem();
                            }
                            List<InvoiceLine> lines = new ArrayList<>();
                            ticketLines(sessions, Map.of(ticketId, ticket.ticketNumber), lines);
                            UUID invoiceId = invoiceId("ticket", ticketId, sessionIds(sessions));
                            sessions.forEach(r -> r.invoiceId = invoiceId);
                            return s.find(BillingAccount.class, ticket.accountId)
                                    .chain(account -> issueAll(s, List.of(new Draft(account, null, invoiceId, "TICKET", null,
                                            null, ticketId, lines)), now));
                        })));
    }

    /** R-B11/R-B12: one line per ticket: its rated handling, after credits and discount (from rating). */
    private static void ticketLines(List<RatedSession> sessions, Map<UUID, Long> numbers, List<InvoiceLine> lines) {
        Map<UUID, List<RatedSession>> byTicket = sessions.stream()
                .collect(Collectors.groupingBy(r -> r.ticketId, java.util.LinkedHashMap::new, Collectors.toList()));
        byTicket.forEach((ticket, list) -> {
            int minutes = list.stream().mapToInt(r -> r.minutes).sum();
            int included = list.stream().mapToInt(r -> r.included).sum();
            BigDecimal amount = list.stream().map(r -> r.payable).reduce(BigDecimal.ZERO, BigDecimal::add);
            InvoiceLine line = line("TICKET", "ticket " + numbers.getOrDefault(ticket, 0L) + ": " + list.size()
                    + " session(s), " + minutes + " min, " + included + " included", minutes, amount, ticket);
            line.vat = list.stream().map(r -> r.vat).reduce(BigDecimal.ZERO, BigDecimal::add);
            lines.add(line);
        });
    }

    private Uni<Map<UUID, Long>> ticketNumbers(Mutiny.Session s, List<RatedSession> sessions) {
        if (sessions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return s.createSelectionQuery("from TicketUsage where ticketId in :ids", TicketUsage.class)
                .setParameter("ids", sessions.stream().map(r -> r.ticketId).distinct().toList()).getResultList()
                .map(list -> list.stream().collect(Collectors.toMap(t -> t.ticketId, t -> t.ticketNumber)));
    }

    private static InvoiceLine line(String kind, String description, Integer quantity, BigDecimal amount, UUID ticket) {
        InvoiceLine line = new InvoiceLine();
        line.id = TimeOrderedIds.next();
        line.kind = kind;
        line.description = description.length() > 300 ? description.substring(0, 300) : description;
        line.quantity = quantity;
        line.amount = amount.setScale(2, RoundingMode.HALF_UP);
        line.vat = BigDecimal.ZERO.setScale(2);
        line.ticketId = ticket;
        return line;
    }

    /** An invoice worked out and not yet issued: to an account, or (account null) to a partner. */
    private record Draft(BillingAccount account, UUID partnerId, UUID invoiceId, String kind, LocalDate periodStart,
            LocalDate periodEnd, UUID ticketId, List<InvoiceLine> lines) {
    }

    /**
     * Issues invoices in their order with the next numbers of their series (taken with one
     * statement) and charges each; then writes them, their lines and their events with one statement
     * ({@link Outbox#appendWith}): the rows are written once, as they end up.
     */
    private Uni<Void> issueAll(Mutiny.Session s, List<Draft> drafts, Instant now) {
        List<Invoice> invoices = drafts.stream().map(d -> draft(d, now)).toList();
        List<Outbox.Pending> events = new ArrayList<>();
        java.util.Set<UUID> owing = new java.util.HashSet<>();
        return owedCreditsOf(s, invoices.stream().map(Invoice::payer).distinct().toArray(UUID[]::new)).invoke(owing::addAll)
                .chain(() -> numbers(s, "INVOICE", invoices.size()))
                .chain(firstNumber -> Multi.createFrom().range(0, invoices.size()).onItem().transformToUniAndConcatenate(i -> {
                    Invoice invoice = invoices.get(i);
                    Draft d = drafts.get(i);
                    invoice.number = firstNumber + i;
                    invoice.status = Invoice.Status.ISSUED;
                    invoice.issuedAt = now;
                    events.add(new Outbox.Pending(INVOICE_ISSUED, invoice.id.toString(), invoice.payer().toString(),
                            new InvoiceIssued(invoice.accountId, payerPartner(invoice), invoice.id, d.kind(), invoice.number,
                                    Money.of(invoice.total, invoice.currency), Money.of(invoice.vat, invoice.currency),
                                    d.periodStart(), d.periodEnd(), d.ticketId(), now)));
                    return charge(s, invoice, d.account(), events, owing);
                }).collect().last())
                .chain(() -> outbox.appendWith(List.of(invoices, drafts.stream().flatMap(d -> d.lines().stream()).toList()),
                        events));
    }

    private Invoice draft(Draft d, Instant now) {
        Invoice invoice = new Invoice();
        invoice.id = d.invoiceId();
        invoice.series = "INVOICE";
        invoice.kind = d.kind();
        invoice.accountId = d.account() == null ? null : d.account().accountId;
        invoice.partnerId = d.account() == null ? d.partnerId() : null;
        invoice.periodStart = d.periodStart();
        invoice.periodEnd = d.periodEnd();
        invoice.ticketId = d.ticketId();
        invoice.currency = config.currency();
        invoice.total = d.lines().stream().map(l -> l.amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
        invoice.vat = d.lines().stream().map(l -> l.vat).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
        invoice.createdAt = now;
        invoice.status = Invoice.Status.DRAFT;
        for (int i = 0; i < d.lines().size(); i++) {
            d.lines().get(i).invoiceId = invoice.id;
            d.lines().get(i).position = i;
        }
        return invoice;
    }

    /**
     * Gapless: the first of the series' next {@code n} numbers, taken in the issuing transaction (a
     * rollback gives them back).
     */
    private static Uni<Long> numbers(Mutiny.Session s, String series, int n) {
        return s.createNativeQuery("update invoice_series set next_number = next_number + :n where series = :s "
                + "returning next_number - :n", Long.class).setParameter("s", NativeSelects.uncached(series))
                        .setParameter("n", n).getSingleResult();
    }

    /**
     * Charges an issued invoice; nothing to pay is paid at once, and a total that is a credit (R-B10,
     * R-B15 crediting charges an earlier invoice was paid for) is paid back ({@link #refund}): settled
     * (PAID) once paid back in full, owed (ISSUED) until then. A charge approved pays back the payer's
     * credits still owed, now that there is money to pay them from. A failure is published and retried
     * (R-S7). The events it causes are added to {@code events}, for the caller to append.
     */
    Uni<Void> charge(Mutiny.Session s, Invoice invoice, BillingAccount account, List<Outbox.Pending> events,
            java.util.Set<UUID> owing) {
        Instant now = Instant.now(clock);
        UUID payer = invoice.payer();
        if (invoice.total.signum() < 0) {
            return refund(s, invoice, null).chain(() -> settledIfPaidBack(invoice, now, events));
        }
        if (invoice.total.signum() == 0) {
            return paid(invoice, now, events);
        }
        invoice.paymentAttempts++;
        return payments.charge(payer, invoice.id, invoice.total, invoice.currency, invoice.paymentAttempts)
                .chain(result -> {
                    if (result.approved()) {
                        // R-S7: other debt unpaid keeps a freeze this invoice's failure caused; only an
                        // account whose card was ever declined can have any
                        Uni<Boolean> otherDebt = account == null || account.cardWarnedAt == null
                                ? Uni.createFrom().item(false) : unpaidBesides(s, account.accountId, invoice.id).map(n -> n > 0);
                        // owing: the payers of a batch with credits still owed, read at once (null: look)
                        return otherDebt.chain(debt -> paid(invoice, now, events, debt)).chain(() -> owing != null
                                && !owing.contains(payer) ? Uni.createFrom().voidItem()
                                        : settleOwedCredits(s, invoice, payer, now, events));
                    }
                    if (account == null) {
                        // a partner's failed charge is retried; R-S7's freezes concern customers' accounts
                        LOG_FAILED.warnf("Charging partner %s invoice %s failed: %s", payer, invoice.id, result.reason());
                        return invoice.paymentAttempts < config.paymentAttempts()
                                ? timers.schedule(RETRY_TIMER, invoice.id.toString(), now.plus(config.paymentRetryAfter()), null)
                                : Uni.createFrom().voidItem();
                    }
                    return unpaidBesides(s, account.accountId, invoice.id)
                            .chain(unpaid -> {
                                boolean warned = account.cardWarnedAt != null;
                                if (!warned) {
                                    account.cardWarnedAt = now; // R-S7: this failure is the warning about the card
                                }
                                Uni<Void> retry = invoice.paymentAttempts < config.paymentAttempts()
                                        ? timers.schedule(RETRY_TIMER, invoice.id.toString(),
                                                now.plus(config.paymentRetryAfter()), null)
                                        : Uni.createFrom().voidItem();
                                events.add(new Outbox.Pending(PAYMENT_FAILED, invoice.id.toString(), account.accountId.toString(),
                                        new PaymentFailed(account.accountId, invoice.id, Money.of(invoice.total, invoice.currency),
                                                invoice.paymentAttempts, result.reason(), now, warned, unpaid > 0)));
                                return retry;
                            });
                });
    }

    /** Earlier debt (R-S7): the account's other invoices issued and unpaid, not credits still owed to it. */
    private static Uni<Long> unpaidBesides(Mutiny.Session s, UUID accountId, UUID invoiceId) {
        return s.createSelectionQuery("select count(*) from Invoice where accountId = :a and status = :issued "
                + "and id <> :id and series = 'INVOICE' and total > 0", Long.class).setParameter("a", accountId)
                .setParameter("issued", Invoice.Status.ISSUED).setParameter("id", invoiceId).getSingleResult();
    }

    private static Uni<Void> paid(Invoice invoice, Instant now, List<Outbox.Pending> events) {
        return paid(invoice, now, events, false);
    }

    private static Uni<Void> paid(Invoice invoice, Instant now, List<Outbox.Pending> events, boolean otherDebtUnpaid) {
        invoice.status = Invoice.Status.PAID;
        invoice.paidAt = now;
        events.add(new Outbox.Pending(INVOICE_PAID, invoice.id.toString(),
                invoice.payer().toString(),
                new InvoicePaid(invoice.accountId, payerPartner(invoice), invoice.id, invoice.number, Money.of(invoice.total.max(BigDecimal.ZERO),
                        invoice.currency), now, otherDebtUnpaid)));
        return Uni.createFrom().voidItem();
    }

    /**
     * Pays what a credit still owes (a credit note, or an invoice whose total is a credit) back to the
     * payer's payment method, but never more than the payer paid on invoices (a voided one too: its
     * credit note is among the refunds) and was not paid back yet, so a credit of charges nobody paid
     * moves no money until a charge does. {@code justPaid}: an invoice this transaction charged, counted
     * as paid whether or not it is written yet. One refund at a time for a payer (a transaction-scoped
     * advisory lock, taken last). Approved, {@code credit.refunded} grows by what went back. The
     * provider's idempotency key is (the invoice a credit note voids, else the credit; the attempt), as
     * a charge's, so a transaction run again after a rollback never pays back twice and a declined
     * refund can be tried again.
     */
    private Uni<Void> refund(Mutiny.Session s, Invoice credit, Invoice justPaid) {
        BigDecimal owed = credit.total.negate().subtract(credit.refunded);
        if (owed.signum() <= 0) {
            return Uni.createFrom().voidItem();
        }
        UUID payer = credit.payer();
        UUID other = justPaid == null ? credit.id : justPaid.id;
        BigDecimal paidNow = justPaid == null ? BigDecimal.ZERO : justPaid.total;
        return s.createNativeQuery("select true from pg_advisory_xact_lock(hashtextextended(cast(:payer as text), 0))",
                Boolean.class).setParameter("payer", NativeSelects.uncached(payer.toString())).getSingleResult()
                .chain(() -> s.createNativeQuery("select coalesce(sum(case when series = 'INVOICE' and paid_at is not null "
                        + "and total > 0 and id <> :other then total else 0 end), 0) - coalesce(sum(refunded) filter "
                        + "(where id <> :credit), 0) from invoice where " + credit.payerColumn() + " = :payer", BigDecimal.class)
                        .setParameter("payer", NativeSelects.uncached(payer)).setParameter("other", other)
                        .setParameter("credit", credit.id).getSingleResult())
                .chain(refundable -> {
                    BigDecimal amount = owed.min(refundable.add(paidNow).subtract(credit.refunded))
                            .setScale(2, RoundingMode.HALF_UP);
                    if (amount.signum() <= 0) {
                        return Uni.createFrom().voidItem();
                    }
                    credit.refundAttempts++;
                    UUID key = credit.corrects != null ? credit.corrects : credit.id;
                    return payments.refund(payer, key, credit.refundAttempts, amount, credit.currency).invoke(result -> {
                        if (result.approved()) {
                            credit.refunded = credit.refunded.add(amount);
                        } else {
                            LOG_FAILED.warnf("Paying back %s of %s %s to %s was declined: %s", amount, credit.series,
                                    credit.number, payer, result.reason());
                        }
                    }).replaceWithVoid();
                });
    }

    /**
     * After a charge approved: the payer's credits still owed (ISSUED, not paid back in full) are paid
     * back as far as the money paid allows, each settled (PAID) once paid back in full.
     */
    private Uni<Void> settleOwedCredits(Mutiny.Session s, Invoice charged, UUID payer, Instant now,
            List<Outbox.Pending> events) {
        // a credit note owes only what its invoice was paid: voiding an unpaid one owes nothing
        return s.createNativeQuery("select * from invoice c where " + charged.payerColumn() + " = :payer and status = 'ISSUED' "
                + "and total < 0 and refunded < -total and (series = 'INVOICE' or exists (select 1 from invoice v "
                + "where v.id = c.corrects and v.paid_at is not null)) order by issued_at, id for update", Invoice.class)
                .setParameter("payer", NativeSelects.uncached(payer)).getResultList()
                .chain(owed -> Multi.createFrom().iterable(owed).onItem().transformToUniAndConcatenate(credit ->
                        refund(s, credit, charged).chain(() -> settledIfPaidBack(credit, now, events)))
                        .collect().last().replaceWithVoid());
    }

    /** Of these payers (accounts or partners), those with credits still owed: one query for a batch. */
    private static Uni<List<UUID>> owedCreditsOf(Mutiny.Session s, UUID[] payers) {
        return s.createNativeQuery("select distinct coalesce(account_id, partner_id) from invoice where status = 'ISSUED' "
                + "and total < 0 and refunded < -total and coalesce(account_id, partner_id) = any(cast(:p as uuid[]))",
                UUID.class).setParameter("p", NativeSelects.uncached(payers)).getResultList();
    }

    /**
     * A credit paid back in full is settled: a credit note quietly; an invoice is paid (its event says
     * 0.00). One not paid back in full stays as it is, owed.
     */
    private static Uni<Void> settledIfPaidBack(Invoice credit, Instant now, List<Outbox.Pending> events) {
        if (credit.refunded.compareTo(credit.total.negate()) != 0) {
            return Uni.createFrom().voidItem();
        }
        if ("INVOICE".equals(credit.series)) {
            return paid(credit, now, events);
        }
        credit.status = Invoice.Status.PAID;
        credit.paidAt = now;
        return Uni.createFrom().voidItem();
    }

    /** The retry timer: charge again if still unpaid. */
    public Uni<Void> retry(UUID invoiceId) {
        return chargeAgain(invoiceId, true);
    }

    /** R-S7: the payer pays an issued invoice now ({@code POST /invoices/{id}/pay}), whatever the retries left. */
    public Uni<Void> payNow(UUID invoiceId) {
        return chargeAgain(invoiceId, false);
    }

    /**
     * Charges an issued invoice again. {@code byTimer}: the automatic retry, which never goes beyond the
     * configured attempts (the payer's own attempts count among them, so a retry scheduled before may
     * find none left).
     */
    private Uni<Void> chargeAgain(UUID invoiceId, boolean byTimer) {
        return Panache.getSession().chain(s -> s.find(Invoice.class, invoiceId, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .chain(invoice -> invoice == null || invoice.status != Invoice.Status.ISSUED
                        || (byTimer && invoice.paymentAttempts >= config.paymentAttempts()) ? Uni.createFrom().voidItem()
                        : (invoice.accountId == null ? Uni.createFrom().<BillingAccount>nullItem()
                                : s.find(BillingAccount.class, invoice.accountId)).chain(account -> {
                                    List<Outbox.Pending> events = new ArrayList<>();
                                    return charge(s, invoice, account, events, null).chain(() -> outbox.appendAll(events));
                                })));
    }

    /**
     * An issued invoice is never edited: voiding it issues a credit note that reverses it line by line.
     * A paid invoice's credit note pays its total back ({@link #refund}) and is settled (PAID); a refund
     * the provider declines (a card closed since) leaves the credit note ISSUED with nothing refunded:
     * money owed to the payer, for staff to pay back another way. The provider's key is the voided
     * invoice, so a void run again after a rollback never pays back twice.
     */
    public Uni<Invoice> voidInvoice(UUID invoiceId, String reason) {
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(Invoice.class, invoiceId, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .chain(invoice -> {
                    if (invoice == null || !"INVOICE".equals(invoice.series)) {
                        throw org.supportdesk.platform.problem.ProblemException.notFound("Invoice", invoiceId);
                    }
                    if (invoice.status == Invoice.Status.VOID || invoice.status == Invoice.Status.DRAFT) {
                        throw org.supportdesk.platform.problem.ProblemException.conflict("invoice-not-issued",
                                "Not an issued invoice", "Invoice " + invoice.number + " is " + invoice.status);
                    }
                    if (invoice.total.signum() < 0 && invoice.refunded.signum() > 0) {
                        // R-B10: its credit went back to the payer; voided, its tickets' credit would be billed
                        // again on the next invoice and paid a second time
                        throw org.supportdesk.platform.problem.ProblemException.conflict("credit-paid-back",
                                "Credit paid back", "Invoice " + invoice.number + " is a credit of " + invoice.refunded
                                        + " paid back to the payer; it cannot be voided");
                    }
                    return creditedLater(s, invoice).chain(credited -> {
                        if (credited && invoice.status == Invoice.Status.PAID && invoice.total.signum() > 0) {
                            // a later credit of the same tickets pays (or owes) their charges back already
                            throw org.supportdesk.platform.problem.ProblemException.conflict("credited-later",
                                    "Credited by a later invoice", "Charges of invoice " + invoice.number + "'s tickets "
                                            + "are credited by a later invoice; voiding it would pay them back twice");
                        }
                        Invoice note = new Invoice();
                        note.id = TimeOrderedIds.next();
                        note.series = "CREDIT_NOTE";
                        note.kind = "CREDIT_NOTE";
                        note.accountId = invoice.accountId;
                        note.partnerId = invoice.partnerId;
                        note.corrects = invoice.id;
                        note.currency = invoice.currency;
                        note.total = invoice.total.negate();
                        note.vat = invoice.vat.negate();
                        note.createdAt = now;
                        note.issuedAt = now;
                        note.status = Invoice.Status.ISSUED;
                        // the refund first: it reads what the payer paid, this invoice still among it; a
                        // credit note paid back in full is settled
                        Uni<Void> refunded = (invoice.status != Invoice.Status.PAID || invoice.total.signum() <= 0
                                ? Uni.createFrom().voidItem() : refund(s, note, null))
                                .chain(() -> settledIfPaidBack(note, now, List.of()));
                        return refunded.chain(() -> {
                            invoice.status = Invoice.Status.VOID;
                            invoice.voidedAt = now;
                            return s.createSelectionQuery("from InvoiceLine where invoiceId = :id order by position",
                                    InvoiceLine.class).setParameter("id", invoiceId).getResultList();
                        }).chain(lines -> {
                            List<InvoiceLine> reversed = new ArrayList<>();
                            for (InvoiceLine l : lines) {
                                InvoiceLine r = line("CREDIT", "reverses: " + l.description + " (" + reason + ")",
                                        l.quantity, l.amount.negate(), l.ticketId);
                                r.vat = l.vat.negate();
                                r.invoiceId = note.id;
                                r.position = reversed.size();
                                reversed.add(r);
                            }
                            // what the voided invoice billed may be billed again
                            return s.createMutationQuery("update RatedSession set invoiceId = null where invoiceId = :id")
                                    .setParameter("id", invoiceId).executeUpdate()
                                    .chain(() -> timers.cancel(RETRY_TIMER, invoiceId.toString()))
                                    .chain(() -> numbers(s, "CREDIT_NOTE", 1)).invoke(n -> note.number = n)
                                    .chain(() -> s.persist(note)).chain(() -> s.persistAll(reversed.toArray()))
                                    .replaceWith(note);
                        });
                    });
                }));
    }

    /** Whether a later invoice whose total is a credit has a line for one of this invoice's tickets. */
    private static Uni<Boolean> creditedLater(Mutiny.Session s, Invoice invoice) {
        return s.createNativeQuery("select count(*) from invoice c join invoice_line cl on cl.invoice_id = c.id "
                + "where c.series = 'INVOICE' and c.total < 0 and c.id <> :id and cl.ticket_id in "
                + "(select ticket_id from invoice_line where invoice_id = :id and ticket_id is not null)", Long.class)
                .setParameter("id", invoice.id).getSingleResult().map(n -> n > 0);
    }

    /** R-B11: keeps the account's stays in plans from subscription-changed, and schedules MONTHLY runs. */
    public Uni<Void> planChanged(UUID accountId, UUID planId, int planVersion, String type, LocalDate effectiveOn) {
        return Panache.getSession().chain(s -> endStays(s, accountId, effectiveOn).chain(() -> {
                    SubscriptionStay stay = new SubscriptionStay();
                    stay.id = TimeOrderedIds.next();
                    stay.accountId = accountId;
                    stay.planId = planId;
                    stay.planVersion = planVersion;
                    stay.startsOn = effectiveOn;
                    return s.persist(stay);
                }))
                .chain(() -> "MONTHLY".equals(type) ? scheduleRuns(List.of(accountId), YearMonth.from(effectiveOn))
                        : Uni.createFrom().voidItem());
    }

    /**
     * R-S8: the account closed at the end of {@code lastDay}; its stay in a plan ends then, so the run of
     * that month bills the fee to that day (R-B11) and the runs of later months find no day to bill.
     */
    public Uni<Void> closed(UUID accountId, LocalDate lastDay) {
        return Panache.getSession().chain(s -> endStays(s, accountId, lastDay.plusDays(1)));
    }

    /** The account's open stays end before {@code on} (a stay that had not started by then, on its first day). */
    private static Uni<Void> endStays(Mutiny.Session s, UUID accountId, LocalDate on) {
        return s.createSelectionQuery("from SubscriptionStay where accountId = :a and endsOn is null", SubscriptionStay.class)
                .setParameter("a", accountId).getResultList()
                .invoke(open -> open.forEach(stay -> stay.endsOn = on.isAfter(stay.startsOn) ? on : stay.startsOn))
                .replaceWithVoid();
    }

    /** R-S7: freeze days carry no monthly fee. */
    public Uni<Void> frozen(UUID accountId, LocalDate from) {
        FreezeDays f = new FreezeDays();
        f.id = TimeOrderedIds.next();
        f.accountId = accountId;
        f.startsOn = from;
        return Panache.getSession().chain(s -> s.persist(f));
    }

    public Uni<Void> unfrozen(UUID accountId, LocalDate on) {
        return Panache.getSession().chain(s -> s.createMutationQuery(
                "update FreezeDays set endsOn = :on where accountId = :a and endsOn is null")
                .setParameter("on", on).setParameter("a", accountId).executeUpdate()).replaceWithVoid();
    }

}
