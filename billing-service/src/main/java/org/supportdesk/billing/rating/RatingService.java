package org.supportdesk.billing.rating;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;
import org.supportdesk.billing.accounts.BillingAccount;
import org.supportdesk.billing.accounts.Partner;
import org.supportdesk.billing.plans.PlanTermsReader;
import org.supportdesk.billing.plans.PlanVersionRow;
import org.supportdesk.billing.usage.RatedLine;
import org.supportdesk.billing.usage.RatedSession;
import org.supportdesk.billing.usage.TicketUsage;
import org.supportdesk.billing.wallet.WalletService;
import org.supportdesk.platform.PlatformConfig;
import org.supportdesk.platform.inbox.IdempotentConsumer;
import org.supportdesk.platform.inbox.IncomingEvent;
import org.supportdesk.platform.inbox.PoisonMessageException;
import org.supportdesk.platform.persistence.AutoFlush;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.platform.persistence.Rows;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * Rates every closed session once (ticket-events {@code session-closed}): loads the plan version the
 * ticket was opened under, what the ticket, its days and month used, the wallet and the partner
 * discount; runs the pure {@link RatingEngine}; stores the rated session, its lines and the new
 * usage, and debits the wallet, all in the consumer's transaction. A redelivered event, or the same
 * session under another event id, changes nothing: never a minute twice.
 */
@ApplicationScoped
public class RatingService {

    public static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";
    public static final String STATUS_CHANGED = "org.supportdesk.ticket.ticket-status-changed.v1";
    public static final String SESSION_STARTED = "org.supportdesk.ticket.session-started.v1";
    /** The ticket events rating acts on; the others on the topic pass by. */
    private static final java.util.Set<String> RATED = java.util.Set.of(SESSION_CLOSED, STATUS_CHANGED, SESSION_STARTED);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionStarted(UUID sessionId, UUID accountId, Instant startedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatusChanged(UUID ticketId, UUID accountId, String from, String to, Instant at) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionClosed(UUID sessionId, UUID ticketId, Long ticketNumber, Instant ticketOpenedAt, UUID accountId,
            UUID partnerId, UUID planId, Integer planVersion, Instant startedAt, Instant endedAt, Boolean outsideBusinessHours,
            Boolean critical, String fixedPriceAction, String outcome) {
    }

    private final IdempotentConsumer consumer;
    private final WalletService wallets;
    private final org.supportdesk.billing.invoice.InvoiceService invoices;
    private final org.supportdesk.billing.wallet.BalanceWatch watch;
    private final ObjectMapper json;
    private final ZoneId zone;
    private final Clock clock;

    RatingService(IdempotentConsumer consumer, WalletService wallets,
            org.supportdesk.billing.invoice.InvoiceService invoices, org.supportdesk.billing.wallet.BalanceWatch watch,
            ObjectMapper json, PlatformConfig config, Clock clock) {
        this.watch = watch;
        this.consumer = consumer;
        this.wallets = wallets;
        this.invoices = invoices;
        this.json = json;
        this.zone = config.zone();
        this.clock = clock;
    }

    @Incoming("ticket-events")
    Uni<Void> onTicketEvents(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch("billing.rating", batch, RATED::contains, this::applyAll, this::apply);
    }

    /**
     * A poll's events in their order, in the consumer's one transaction: each run of session-closed
     * events is rated together, with a few set-based reads and writes; any other event is applied on its own.
     */
    Uni<Void> applyAll(List<IncomingEvent> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<IncomingEvent> run = new ArrayList<>();
        for (IncomingEvent event : events) {
            if (SESSION_CLOSED.equals(event.type())) {
                run.add(event);
                continue;
            }
            chain = chain.chain(ratedTogether(run));
            run = new ArrayList<>();
            chain = chain.chain(() -> apply(event));
        }
        return chain.chain(ratedTogether(run));
    }

    private java.util.function.Supplier<Uni<? extends Void>> ratedTogether(List<IncomingEvent> run) {
        return () -> run.isEmpty() ? Uni.createFrom().voidItem() : rateAll(run);
    }

    Uni<Void> apply(IncomingEvent event) {
        if (STATUS_CHANGED.equals(event.type())) {
            return handlingChanged(event.dataAs(json, StatusChanged.class), event);
        }
        if (SESSION_STARTED.equals(event.type())) {
            // R-B7: a PREPAID session is watched until its wallet would be overdrawn
            SessionStarted started = event.dataAs(json, SessionStarted.class);
            if (started.sessionId() == null || started.accountId() == null || started.startedAt() == null) {
                throw new PoisonMessageException("session-started " + event.id() + " lacks session, account or start");
            }
            return watch.started(started.accountId(), started.sessionId(), started.startedAt());
        }
        if (!SESSION_CLOSED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        return rateAll(List.of(event));
    }

    /** A closed session waiting to be rated, with the id of the event that told of it. */
    private record Closing(SessionClosed closed, UUID eventId) {
    }

    private SessionClosed closedOf(IncomingEvent event) {
        SessionClosed closed = event.dataAs(json, SessionClosed.class);
        if (closed.sessionId() == null || closed.ticketId() == null || closed.accountId() == null || closed.planId() == null
                || closed.planVersion() == null || closed.startedAt() == null || closed.endedAt() == null
                || closed.endedAt().isBefore(closed.startedAt())) {
            throw new PoisonMessageException("session-closed " + event.id() + " lacks what rating needs");
        }
        return closed;
    }

    /**
     * Rates closed sessions in their order: a session rated already (the same session under another
     * event id) is skipped; what they need is read with one query per kind (plans, accounts, tickets
     * and wallets locked, included minutes, partners, minute banks); each is rated against what the
     * ones before it used; what they add is written together, a statement per table.
     */
    private Uni<Void> rateAll(List<IncomingEvent> events) {
        Map<UUID, Closing> bySession = new LinkedHashMap<>();
        for (IncomingEvent event : events) {
            SessionClosed closed = closedOf(event);
            bySession.putIfAbsent(closed.sessionId(), new Closing(closed, event.id()));
        }
        return watch.closed(bySession.keySet()).chain(() -> Panache.getSession()).chain(s -> s
                .createNativeQuery("select session_id from rated_session where session_id = any(cast(:ids as uuid[]))",
                        UUID.class)
                .setParameter("ids", NativeSelects.uncached(ids(bySession.keySet()))).getResultList()
                .chain(rated -> {
                    rated.forEach(bySession::remove);
                    return bySession.isEmpty() ? Uni.createFrom().voidItem()
                            // the batch only reads while it loads: nothing to flush before each read
                            : AutoFlush.skipped(s, () -> load(s, List.copyOf(bySession.values())))
                                    .chain(loaded -> rateLoaded(s, loaded));
                }));
    }

    /** What a batch of sessions is rated against, read with one query per kind. */
    private static final class Loaded {
        final List<Closing> sessions;
        final Map<PlanVersionRow.Key, PlanVersionRow> plans = new HashMap<>();
        final Map<UUID, BillingAccount> accounts = new HashMap<>();
        final Map<UUID, TicketUsage> tickets = new HashMap<>();
        final Map<UUID, Map<LocalDate, Integer>> includedByAccount = new HashMap<>();
        /** R-B2: of those, the minutes included under monthly allowances (what a monthly allowance has left). */
        final Map<UUID, Map<LocalDate, Integer>> monthlyByAccount = new HashMap<>();
        final Map<UUID, org.supportdesk.billing.wallet.Wallet> wallets = new HashMap<>();
        final Map<UUID, BigDecimal> discounts = new HashMap<>();
        final Map<UUID, org.supportdesk.billing.bank.MinuteBank> banks = new HashMap<>();
        /** The accounts whose open minute bank was read (those with a PREPAID session): banks has it, or none. */
        final java.util.Set<UUID> banksRead = new java.util.HashSet<>();

        Loaded(List<Closing> sessions) {
            this.sessions = sessions;
        }
    }

    /** Ids as a parameter for {@code = any(cast(:ids as uuid[]))}: one statement whatever their number. */
    private static UUID[] ids(java.util.Collection<UUID> ids) {
        return ids.toArray(UUID[]::new);
    }

    /**
     * Each a native statement taking the ids as an array (an HQL {@code in :list} is translated again
     * for each new length of the list), as the invoice run reads its batch.
     */
    private Uni<Loaded> load(Mutiny.Session s, List<Closing> sessions) {
        Loaded loaded = new Loaded(sessions);
        java.util.Set<UUID> planIds = new java.util.HashSet<>();
        java.util.Set<UUID> accountIds = new java.util.TreeSet<>();
        java.util.Set<UUID> ticketIds = new java.util.TreeSet<>();
        LocalDate first = null;
        LocalDate last = null;
        for (Closing c : sessions) {
            planIds.add(c.closed().planId());
            accountIds.add(c.closed().accountId());
            ticketIds.add(c.closed().ticketId());
            LocalDate from = YearMonth.from(c.closed().startedAt().atZone(zone)).atDay(1);
            LocalDate until = YearMonth.from(c.closed().endedAt().atZone(zone)).atEndOfMonth();
            first = first == null || from.isBefore(first) ? from : first;
            last = last == null || until.isAfter(last) ? until : last;
        }
        LocalDate firstDay = first;
        LocalDate lastDay = last;
        return s.createNativeQuery("select * from plan_version where plan_id = any(cast(:ids as uuid[]))",
                        PlanVersionRow.class).setParameter("ids", NativeSelects.uncached(ids(planIds))).getResultList()
                .invoke(rows -> rows.forEach(r -> loaded.plans.put(new PlanVersionRow.Key(r.planId, r.version), r)))
                .chain(() -> s.createNativeQuery("select * from billing_account where account_id = any(cast(:ids as uuid[]))",
                        BillingAccount.class).setParameter("ids", NativeSelects.uncached(ids(accountIds))).getResultList())
                .invoke(rows -> rows.forEach(a -> loaded.accounts.put(a.accountId, a)))
                // locked in id order, so two replicas rating overlapping batches wait for each other, never deadlock
                .chain(() -> s.createNativeQuery("select * from ticket_usage where ticket_id = any(cast(:ids as uuid[])) "
                        + "order by ticket_id for update", TicketUsage.class)
                                .setParameter("ids", NativeSelects.uncached(ids(ticketIds)))
                        .getResultList())
                .invoke(rows -> rows.forEach(t -> loaded.tickets.put(t.ticketId, t)))
                .chain(() -> s.createNativeQuery("select account_id, day, included, by_monthly from included_usage "
                        + "where account_id = any(cast(:ids as uuid[])) and day between :first and :last", Object[].class)
                        .setParameter("ids", NativeSelects.uncached(ids(accountIds))).setParameter("first", firstDay)
                        .setParameter("last", lastDay)
                        .getResultList())
                .invoke(rows -> rows.forEach(r -> {
                    loaded.includedByAccount.computeIfAbsent((UUID) r[0], a -> new HashMap<>())
                            .put((LocalDate) r[1], ((Number) r[2]).intValue());
                    loaded.monthlyByAccount.computeIfAbsent((UUID) r[0], a -> new HashMap<>())
                            .put((LocalDate) r[1], ((Number) r[3]).intValue());
                }))
                .chain(() -> s.createNativeQuery("select * from wallet where account_id = any(cast(:ids as uuid[])) "
                        + "order by account_id for update", org.supportdesk.billing.wallet.Wallet.class)
                        .setParameter("ids", NativeSelects.uncached(ids(accountIds))).getResultList())
                .invoke(rows -> rows.forEach(w -> loaded.wallets.put(w.accountId, w)))
                .chain(() -> {
                    java.util.Set<UUID> partnerIds = new java.util.HashSet<>();
                    loaded.accounts.values().forEach(a -> {
                        if (a.partnerId != null) {
                            partnerIds.add(a.partnerId);
                        }
                    });
                    return partnerIds.isEmpty() ? Uni.createFrom().item(List.<Partner>of())
                            : s.createNativeQuery("select * from partner where partner_id = any(cast(:ids as uuid[]))",
                                    Partner.class).setParameter("ids", NativeSelects.uncached(ids(partnerIds)))
                                            .getResultList();
                })
                .invoke(partners -> {
                    Map<UUID, BigDecimal> byPartner = new HashMap<>();
                    partners.forEach(p -> byPartner.put(p.partnerId, p.discountPercent));
                    // R-B9: the discount of the account's partner, as in force now
                    loaded.accounts.values().forEach(a -> loaded.discounts.put(a.accountId,
                            a.partnerId == null ? BigDecimal.ZERO : byPartner.getOrDefault(a.partnerId, BigDecimal.ZERO)));
                })
                .chain(() -> {
                    // R-S9: only a PREPAID session draws on a minute bank
                    java.util.Set<UUID> prepaid = new java.util.TreeSet<>();
                    sessions.forEach(c -> {
                        PlanVersionRow row = loaded.plans.get(new PlanVersionRow.Key(c.closed().planId(),
                                c.closed().planVersion()));
                        if (row != null && "PREPAID".equals(row.type)) {
                            prepaid.add(c.closed().accountId());
                        }
                    });
                    loaded.banksRead.addAll(prepaid);
                    return prepaid.isEmpty() ? Uni.createFrom().item(List.<org.supportdesk.billing.bank.MinuteBank>of())
                            : s.createNativeQuery("select * from minute_bank where account_id = any(cast(:ids as uuid[])) "
                                    + "and settled_at is null order by account_id, period_start desc for update",
                                    org.supportdesk.billing.bank.MinuteBank.class)
                                            .setParameter("ids", NativeSelects.uncached(ids(prepaid)))
                                    .getResultList();
                })
                .invoke(banks -> banks.forEach(b -> loaded.banks.putIfAbsent(b.accountId, b)))
                .replaceWith(loaded);
    }

    /** Rates each session in order against what the ones before it used, then writes what they all add. */
    private Uni<Void> rateLoaded(Mutiny.Session s, Loaded loaded) {
        Instant now = Instant.now(clock);
        List<TicketUsage> newTickets = new ArrayList<>();
        List<RatedSession> rated = new ArrayList<>();
        List<RatedLine> lines = new ArrayList<>();
        List<org.supportdesk.billing.wallet.WalletEntry> entries = new ArrayList<>();
        Map<UUID, Map<LocalDate, Integer>> includedAdded = new java.util.TreeMap<>();
        Map<UUID, Map<LocalDate, Integer>> monthlyAdded = new java.util.TreeMap<>();
        java.util.Set<UUID> walletsChanged = new java.util.LinkedHashSet<>();
        java.util.Set<TicketUsage> touched = new java.util.LinkedHashSet<>();
        java.util.Set<Map.Entry<UUID, YearMonth>> partnerRuns = new java.util.LinkedHashSet<>();
        Map<Map.Entry<PlanVersionRow, LocalDate>, RatingEngine.Plan> terms = new HashMap<>();
        for (Closing c : loaded.sessions) {
            SessionClosed closed = c.closed();
            PlanVersionRow planRow = loaded.plans.get(new PlanVersionRow.Key(closed.planId(), closed.planVersion()));
            if (planRow == null) {
                // plan-published travels on another topic: retried, then dead-lettered with this reason
                throw new IllegalStateException("plan " + closed.planId() + " v" + closed.planVersion() + " not known yet");
            }
            BillingAccount account = loaded.accounts.get(closed.accountId());
            if (account == null) {
                throw new IllegalStateException("account " + closed.accountId() + " not known yet");
            }
            RatingEngine.Plan plan;
            try {
                // the terms of a plan version on a day, read once a batch
                plan = terms.computeIfAbsent(Map.entry(planRow, closed.endedAt().atZone(zone).toLocalDate()),
                        key -> PlanTermsReader.read(json, key.getKey().terms, key.getValue()));
            } catch (IllegalStateException e) {
                throw new PoisonMessageException(e.getMessage());
            }
            if (closed.fixedPriceAction() != null && !plan.actions().containsKey(closed.fixedPriceAction())) {
                throw new PoisonMessageException("plan " + planRow.code + " has no fixed-price action "
                        + closed.fixedPriceAction());
            }
            org.supportdesk.billing.wallet.Wallet wallet = loaded.wallets.get(closed.accountId());
            if (wallet == null) {
                throw new IllegalStateException("account " + closed.accountId() + " has no wallet");
            }
            TicketUsage existing = loaded.tickets.get(closed.ticketId());
            Map<LocalDate, Integer> accountDays = loaded.includedByAccount.computeIfAbsent(closed.accountId(),
                    a -> new HashMap<>());
            Map<LocalDate, Integer> monthlyDays = loaded.monthlyByAccount.computeIfAbsent(closed.accountId(),
                    a -> new HashMap<>());
            // R-B2: the account's included minutes used on each day of the months the session touches, and
            // of them those included under monthly allowances, by month
            LocalDate first = YearMonth.from(closed.startedAt().atZone(zone)).atDay(1);
            LocalDate last = YearMonth.from(closed.endedAt().atZone(zone)).atEndOfMonth();
            Map<LocalDate, Integer> byDay = new HashMap<>();
            accountDays.forEach((day, n) -> {
                if (!day.isBefore(first) && !day.isAfter(last)) {
                    byDay.put(day, n);
                }
            });
            Map<YearMonth, Integer> byMonth = new HashMap<>();
            monthlyDays.forEach((day, n) -> {
                if (!day.isBefore(first) && !day.isAfter(last)) {
                    byMonth.merge(YearMonth.from(day), n, Integer::sum);
                }
            });
            org.supportdesk.billing.bank.MinuteBank bank = plan.isPrepaid() ? loaded.banks.get(closed.accountId()) : null;
            Rated one = rateOne(closed, plan, existing, byDay, byMonth, wallet, loaded.discounts.get(closed.accountId()),
                    bank, now);

            if (existing == null) {
                loaded.tickets.put(closed.ticketId(), one.ticket());
                newTickets.add(one.ticket());
            }
            touched.add(one.ticket());
            rated.add(one.session());
            lines.addAll(one.lines());
            boolean monthlyAllowance = plan.allowances().perMonth() != null;
            one.rating().includedByDay().forEach((day, n) -> {
                if (n != 0) {
                    accountDays.merge(day, n, Integer::sum);
                    includedAdded.computeIfAbsent(closed.accountId(), a -> new java.util.TreeMap<>()).merge(day, n,
                            Integer::sum);
                    if (monthlyAllowance) {
                        monthlyDays.merge(day, n, Integer::sum);
                        monthlyAdded.computeIfAbsent(closed.accountId(), a -> new java.util.TreeMap<>()).merge(day, n,
                                Integer::sum);
                    }
                }
            });
            int fromWallet = one.rating().minuteCreditUsed() - one.fromBank();
            if (fromWallet != 0 || one.rating().cashCreditUsed().signum() != 0) {
                entries.add(WalletService.take(wallet, closed.accountId(), -fromWallet,
                        one.rating().cashCreditUsed().negate(), "RATING",
                        "session " + closed.sessionId() + " of ticket " + closed.ticketNumber(), closed.ticketId(),
                        c.eventId(), now));
                walletsChanged.add(closed.accountId());
            }
            if (closed.partnerId() != null) {
                // R-P2: paid service on a partner-opened ticket goes on the partner's invoice
                partnerRuns.add(Map.entry(closed.partnerId(), YearMonth.from(one.ticket().openedAt.atZone(zone))));
            }
        }
        // the changed rows Hibernate updates first (one flush), then the new rows as they end up with one
        // statement, and the included minutes with one more (its auto-flush finds nothing left to write)
        return Rows.insertTogether(s, json, List.of(newTickets, rated, lines, entries))
                .chain(() -> addIncluded(s, includedAdded, monthlyAdded))
                // R-B7: ticket-service hears how long each PREPAID wallet that paid still pays for
                .chain(() -> Multi.createFrom().iterable(walletsChanged).onItem()
                        .transformToUniAndConcatenate(account -> wallets.balanceChanged(account, now,
                                () -> loaded.banksRead.contains(account) ? Uni.createFrom().item(loaded.banks.get(account))
                                        : org.supportdesk.billing.bank.MinuteBanks.open(account)))
                        .collect().last())
                // a session recorded after its ticket's handling ended is invoiced then (R-B12)
                .chain(() -> Multi.createFrom().iterable(touched).onItem()
                        .transformToUniAndConcatenate(ticket -> invoiceTicketIfDue(s, ticket)).collect().last())
                .chain(() -> Multi.createFrom().iterable(partnerRuns).onItem()
                        .transformToUniAndConcatenate(run -> invoices.schedulePartnerRun(run.getKey(), run.getValue()))
                        .collect().last())
                .replaceWithVoid();
    }

    /** One session rated: the new ticket usage (or the old one, changed), the rated session and its lines. */
    private record Rated(RatingEngine.Rating rating, int fromBank, TicketUsage ticket, RatedSession session,
            List<RatedLine> lines) {
    }

    private Rated rateOne(SessionClosed closed, RatingEngine.Plan plan, TicketUsage existing, Map<LocalDate, Integer> byDay,
            Map<YearMonth, Integer> byMonth, org.supportdesk.billing.wallet.Wallet realWallet, BigDecimal discount,
            org.supportdesk.billing.bank.MinuteBank bank, Instant now) {
        // R-S9: the old MONTHLY plan's minute bank serves the new PREPAID tickets first (as minute credit)
        int bankLeft = bank == null ? 0 : bank.left();
        RatingEngine.Wallet wallet = new RatingEngine.Wallet(realWallet.minuteCredit + bankLeft, realWallet.cashCredit);
        RatingEngine.Usage usage = TicketUsage.usage(existing, byDay, byMonth);
        RatingEngine.Session session = new RatingEngine.Session(closed.startedAt(), closed.endedAt(), zone,
                closed.fixedPriceAction(), outcome(closed.outcome()), Boolean.TRUE.equals(closed.critical()),
                Boolean.TRUE.equals(closed.outsideBusinessHours()));
        RatingEngine.Rating engine = RatingEngine.rate(plan, usage, wallet, session, discount);
        TicketUsage ticket = existing != null ? existing : newTicket(closed);
        int fromBank = Math.max(0, Math.min(bankLeft, engine.minuteCreditUsed()));
        if (engine.minuteCreditUsed() < 0 && bank != null) {
            // minutes given back (R-B6 with R-B10, R-B15) go back to the bank that paid them first
            fromBank = -Math.min(Math.min(-engine.minuteCreditUsed(), ticket.bankMinutes), bank.usedByPrepaid);
        }
        if (fromBank != 0) {
            bank.usedByPrepaid += fromBank;
            ticket.bankMinutes += fromBank;
        }
        RatingEngine.Rating rating = fromBank <= 0 ? engine : withBank(engine, fromBank);

        ticket.handledMillis += rating.countedMillis();
        ticket.included += rating.included();
        ticket.feeCharged = rating.ticketFeeCharged();
        ticket.directCharges = closed.outcome() != null && closed.outcome().equals("UNSOLVED") ? BigDecimal.ZERO
                : ticket.directCharges.add(rating.directCharges());
        ticket.keep(rating.totals());
        if (closed.outcome() != null && !"CONTINUING".equals(closed.outcome())) {
            ticket.unsolved = "UNSOLVED".equals(closed.outcome()); // R-B10, as the ticket's last word says
        }
        ticket.updatedAt = now;

        RatedSession rated = new RatedSession();
        rated.sessionId = closed.sessionId();
        rated.accountId = closed.accountId();
        rated.ticketId = closed.ticketId();
        rated.billToPartner = closed.partnerId(); // R-P2: a partner-opened ticket bills the partner
        rated.planId = closed.planId();
        rated.planVersion = closed.planVersion();
        rated.startedAt = closed.startedAt();
        rated.endedAt = closed.endedAt();
        rated.durationMillis = rating.countedMillis();
        rated.minutes = rating.newMinutes();
        rated.included = rating.included();
        rated.minuteCreditUsed = rating.minuteCreditUsed();
        rated.cashCreditUsed = rating.cashCreditUsed();
        rated.discount = rating.discount();
        rated.payable = rating.payable();
        rated.vat = rating.vat();
        rated.currency = plan.currency();
        rated.ratedAt = now;

        List<RatedLine> lines = new ArrayList<>();
        for (int i = 0; i < rating.lines().size(); i++) {
            RatingEngine.Line l = rating.lines().get(i);
            RatedLine line = new RatedLine();
            line.id = TimeOrderedIds.next();
            line.sessionId = rated.sessionId;
            line.position = i;
            line.kind = l.kind().name();
            line.day = l.day();
            line.minutes = l.minutes();
            line.included = l.included();
            line.billable = l.billable();
            line.amount = l.amount();
            line.description = l.description();
            lines.add(line);
        }
        return new Rated(rating, fromBank, ticket, rated, lines);
    }

    /**
     * R-B2: adds the batch's included minutes per account and day with one upsert, one statement text
     * whatever their number (the accounts, days, minutes and those under monthly allowances as four arrays).
     */
    private static Uni<Void> addIncluded(Mutiny.Session s, Map<UUID, Map<LocalDate, Integer>> added,
            Map<UUID, Map<LocalDate, Integer>> monthlyAdded) {
        if (added.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> accounts = new ArrayList<>();
        List<String> days = new ArrayList<>();
        List<String> minutes = new ArrayList<>();
        List<String> monthly = new ArrayList<>();
        added.forEach((account, byDay) -> byDay.forEach((day, n) -> {
            accounts.add(account.toString());
            days.add(day.toString());
            minutes.add(n.toString());
            monthly.add(monthlyAdded.getOrDefault(account, Map.of()).getOrDefault(day, 0).toString());
        }));
        return s.createNativeQuery("insert into included_usage (account_id, day, included, by_monthly) "
                + "select cast(a as uuid), cast(d as date), cast(n as integer), cast(m as integer) "
                + "from unnest(cast(:accounts as text[]), cast(:days as text[]), cast(:minutes as text[]), "
                + "cast(:monthly as text[])) as u (a, d, n, m) "
                + "on conflict (account_id, day) do update set included = included_usage.included + excluded.included, "
                + "by_monthly = included_usage.by_monthly + excluded.by_monthly")
                .setParameter("accounts", accounts.toArray(String[]::new)).setParameter("days", days.toArray(String[]::new))
                .setParameter("minutes", minutes.toArray(String[]::new))
                .setParameter("monthly", monthly.toArray(String[]::new))
                .executeUpdate().replaceWithVoid();
    }

    /**
     * R-B11, R-B12: when a ticket's handling ends (resolved, closed, cancelled) its sessions can be
     * invoiced; an OCCASIONAL account's ticket is invoiced at once. Re-opened, it is handled again.
     */
    private Uni<Void> handlingChanged(StatusChanged changed, IncomingEvent event) {
        if (changed.ticketId() == null || changed.to() == null) {
            throw new PoisonMessageException("ticket-status-changed " + event.id() + " lacks ticket or status");
        }
        boolean finished = List.of("RESOLVED", "CLOSED", "CANCELLED").contains(changed.to());
        Instant at = changed.at() != null ? changed.at() : event.time();
        return Panache.getSession().chain(s -> s.find(TicketUsage.class, changed.ticketId(),
                org.hibernate.LockMode.PESSIMISTIC_WRITE).chain(ticket -> {
                    if (ticket == null) {
                        return Uni.createFrom().voidItem(); // never served: nothing to bill
                    }
                    if (!finished) {
                        ticket.handlingEndedAt = null;
                        return Uni.createFrom().voidItem();
                    }
                    if (ticket.handlingEndedAt == null) {
                        ticket.handlingEndedAt = at;
                    }
                    // R-P2, R-B11: a partner's ticket whose handling ended goes on the partner's invoice of the
                    // month it was opened in; if that run has passed while the ticket was still handled, on the
                    // next one: the run of the month its handling ended in
                    if (ticket.billToPartner == null) {
                        return invoiceTicketIfDue(s, ticket);
                    }
                    // (and of this month, if that run passed too while the event waited to be consumed)
                    java.util.SortedSet<YearMonth> months = new java.util.TreeSet<>(List.of(
                            YearMonth.from(ticket.openedAt.atZone(zone)), YearMonth.from(ticket.handlingEndedAt.atZone(zone)),
                            YearMonth.from(Instant.now(clock).atZone(zone))));
                    return Multi.createFrom().iterable(months).onItem()
                            .transformToUniAndConcatenate(month -> invoices.schedulePartnerRun(ticket.billToPartner, month))
                            .collect().last().replaceWithVoid();
                }));
    }

    /**
     * A ticket whose handling ended that no monthly run will bill is invoiced by itself: an OCCASIONAL
     * account's and a ticket opened under the OCCASIONAL plan of an account PREPAID since (R-B12, R-S6),
     * and a ticket opened under a MONTHLY plan the account has left since (R-B11:
     * "tickets that end later go on the next invoice", but a PREPAID or OCCASIONAL account has no next
     * monthly one; its month's run passed while the ticket was handled).
     */
    private Uni<Void> invoiceTicketIfDue(Mutiny.Session s, TicketUsage ticket) {
        if (ticket.billToPartner != null || ticket.handlingEndedAt == null) {
            // the partner's monthly invoice bills it (R-P2); a ticket still handled is invoiced when it ends
            return Uni.createFrom().voidItem();
        }
        return s.find(BillingAccount.class, ticket.accountId).chain(account -> {
            // an account still MONTHLY, or not yet in a plan, is billed by its month's run
            if (account == null || !"OCCASIONAL".equals(account.planType) && !"PREPAID".equals(account.planType)) {
                return Uni.createFrom().voidItem();
            }
            // a PREPAID account's: by the plan the ticket was opened under
            Uni<Boolean> byItself = "OCCASIONAL".equals(account.planType) ? Uni.createFrom().item(true)
                    : s.find(PlanVersionRow.class, new PlanVersionRow.Key(ticket.planId, ticket.planVersion))
                            .chain(plan -> switch (plan == null ? "" : plan.type) {
                                // R-B12 with R-S6: a ticket opened under the OCCASIONAL plan is invoiced when it ends
                                case "OCCASIONAL" -> Uni.createFrom().item(true);
                                // ending before its last MONTHLY month's run, it goes on that run's invoice
                                case "MONTHLY" -> invoices.lastMonthlyRunFired(s, ticket.accountId);
                                default -> Uni.createFrom().item(false);
                            });
            return byItself.chain(due -> due ? s.flush().chain(() -> invoices.invoiceTicket(ticket.ticketId))
                            : Uni.createFrom().voidItem());
        });
    }

    /** The rating's minute-credit line says how many minutes the R-S9 bank paid. */
    private static RatingEngine.Rating withBank(RatingEngine.Rating r, int fromBank) {
        List<RatingEngine.Line> lines = r.lines().stream().map(l -> l.kind() != RatingEngine.Kind.MINUTE_CREDIT ? l
                : new RatingEngine.Line(l.kind(), l.day(), l.minutes(), l.included(), l.billable(), l.amount(),
                        l.minutes() + " minute(s): " + fromBank + " from the monthly minute bank (R-S9), "
                                + (l.minutes() - fromBank) + " from the wallet")).toList();
        return new RatingEngine.Rating(lines, r.countedMillis(), r.newMinutes(), r.includedByDay(), r.ticketFeeCharged(),
                r.directCharges(), r.minuteCreditUsed(), r.cashCreditUsed(), r.discount(), r.payable(), r.vat(), r.totals());
    }

    private static TicketUsage newTicket(SessionClosed closed) {
        TicketUsage ticket = new TicketUsage();
        ticket.ticketId = closed.ticketId();
        ticket.accountId = closed.accountId();
        ticket.ticketNumber = closed.ticketNumber() == null ? 0 : closed.ticketNumber();
        ticket.openedAt = closed.ticketOpenedAt() != null ? closed.ticketOpenedAt() : closed.startedAt();
        ticket.planId = closed.planId();
        ticket.planVersion = closed.planVersion();
        ticket.billToPartner = closed.partnerId();
        ticket.handledMillis = 0;
        ticket.included = 0;
        ticket.feeCharged = false;
        ticket.directCharges = BigDecimal.ZERO;
        return ticket;
    }

    /** R-B2: what the account's allowances have used: included minutes by day, and under monthly allowances by month. */
    private record Included(Map<LocalDate, Integer> byDay, Map<YearMonth, Integer> byMonth) {
    }

    /** R-B2: the account's included minutes used on each day of the months the session touches. */
    private Uni<Included> included(Mutiny.Session s, UUID accountId, Instant from, Instant until) {
        LocalDate first = YearMonth.from(from.atZone(zone)).atDay(1);
        LocalDate last = YearMonth.from(until.atZone(zone)).atEndOfMonth();
        return s.createNativeQuery("select day, included, by_monthly from included_usage where account_id = :account "
                + "and day between :first and :last", Object[].class)
                .setParameter("account", NativeSelects.uncached(accountId)).setParameter("first", first)
                .setParameter("last", last)
                .getResultList().map(rows -> {
                    Map<LocalDate, Integer> byDay = new HashMap<>();
                    Map<YearMonth, Integer> byMonth = new HashMap<>();
                    rows.forEach(r -> {
                        byDay.put((LocalDate) r[0], ((Number) r[1]).intValue());
                        byMonth.merge(YearMonth.from((LocalDate) r[0]), ((Number) r[2]).intValue(), Integer::sum);
                    });
                    return new Included(byDay, byMonth);
                });
    }

    /** R-B9: the discount of the account's partner, as in force now. */
    private Uni<BigDecimal> discountOf(Mutiny.Session s, BillingAccount account) {
        if (account.partnerId == null) {
            return Uni.createFrom().item(BigDecimal.ZERO);
        }
        return s.find(Partner.class, account.partnerId)
                .map(p -> p == null ? BigDecimal.ZERO : p.discountPercent);
    }

    /** What "this call so far" costs: a hypothetical session rated now against the live usage, never stored. */
    public record QuoteRequest(
            @jakarta.validation.constraints.NotNull @jakarta.validation.constraints.PositiveOrZero
            @jakarta.validation.constraints.Max(86_400) Long seconds,
            UUID ticketId,
            @jakarta.validation.constraints.Size(max = 100) String fixedPriceAction,
            boolean outsideBusinessHours,
            boolean critical,
            Instant at) {
    }

    public record Quote(UUID planId, int planVersion, int minutes, int included, java.util.List<RatingEngine.Line> lines,
            org.supportdesk.platform.money.Money payable, org.supportdesk.platform.money.Money vat) {
    }

    @io.quarkus.hibernate.reactive.panache.common.WithSession
    public Uni<Quote> quote(UUID accountId, QuoteRequest request, org.supportdesk.platform.security.Caller caller) {
        // the hypothetical session ends at {@code at} (now when not given) after {@code seconds}
        Instant now = request.at() != null ? request.at() : Instant.now(clock);
        return Panache.getSession().chain(s -> s.find(BillingAccount.class, accountId).chain(account -> {
            if (account == null || !caller.maySee(account.accountId, account.partnerId)) {
                throw org.supportdesk.platform.problem.ProblemException.notFound("Account", accountId);
            }
            Uni<TicketUsage> ticket = request.ticketId() == null ? Uni.createFrom().nullItem()
                    : s.find(TicketUsage.class, request.ticketId()).map(t -> t != null && t.accountId.equals(accountId) ? t : null);
            return ticket.chain(t -> {
                UUID planId = t != null ? t.planId : account.planId;
                Integer version = t != null ? Integer.valueOf(t.planVersion) : account.planVersion;
                if (planId == null || version == null) {
                    throw org.supportdesk.platform.problem.ProblemException.conflict("account-without-plan", "No plan",
                            "Account " + accountId + " has not joined a plan");
                }
                return s.find(PlanVersionRow.class, new PlanVersionRow.Key(planId, version)).chain(planRow -> {
                    if (planRow == null) {
                        throw org.supportdesk.platform.problem.ProblemException.conflict("plan-not-known", "Plan not known",
                                "Plan " + planId + " v" + version + " has not reached billing yet");
                    }
                    RatingEngine.Plan plan = PlanTermsReader.read(json, planRow.terms, now.atZone(zone).toLocalDate());
                    if (request.fixedPriceAction() != null && !plan.actions().containsKey(request.fixedPriceAction())) {
                        throw org.supportdesk.platform.problem.ProblemException.unprocessable("unknown-action",
                                "Unknown action", "The plan has no fixed-price action " + request.fixedPriceAction())
                                .with("field", "fixedPriceAction");
                    }
                    Instant start = now.minusSeconds(request.seconds());
                    return included(s, accountId, start, now).chain(used -> s.find(org.supportdesk.billing.wallet.Wallet.class,
                            accountId).chain(wallet -> discountOf(s, account).map(discount -> {
                                RatingEngine.Usage usage = TicketUsage.usage(t, used.byDay(), used.byMonth());
                                RatingEngine.Rating r = RatingEngine.rate(plan, usage,
                                        new RatingEngine.Wallet(wallet.minuteCredit, wallet.cashCredit),
                                        new RatingEngine.Session(start, now, zone, request.fixedPriceAction(),
                                                RatingEngine.Outcome.CONTINUING, request.critical(),
                                                request.outsideBusinessHours()), discount);
                                return new Quote(planId, version, r.newMinutes(), r.included(), r.lines(),
                                        new org.supportdesk.platform.money.Money(r.payable(), plan.currency()),
                                        new org.supportdesk.platform.money.Money(r.vat(), plan.currency()));
                            })));
                });
            });
        }));
    }

    static RatingEngine.Outcome outcome(String outcome) {
        if (outcome == null) {
            return RatingEngine.Outcome.CONTINUING;
        }
        try {
            return RatingEngine.Outcome.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("unknown session outcome " + outcome);
        }
    }
}
