import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.supportdesk.platform.persistence.TimeOrderedIds;

/**
 * Benchmark 3 (bench/README.md): the monthly invoice run of the running billing-service over many
 * MONTHLY accounts with sessions in the month, started through its API as an admin.
 *
 * <ol>
 * <li>a template account made the real way: a MONTHLY plan published, the account registered and
 * joined to it from the first of last month (the services' clock), four tickets with twenty
 * sessions in that month rated by billing-service, their handling ended;</li>
 * <li>N copies of the template's rows (account, stay, wallet, tickets, rated sessions and lines,
 * included minutes) under new ids, in SQL: what billing-service would hold after rating N accounts
 * alike;</li>
 * <li>POST /api/v1/invoice-runs for that month; seconds until every one of the N accounts has its
 * monthly invoice, and invoices/s; every invoice's total is the plan's fee plus the template's rated
 * sessions (the template's own run fell due when it joined: it is not counted);</li>
 * <li>baseline, in the same run: one SQL aggregation of the same sessions per account into a table
 * (sessions, payable, VAT), the floor of what a run must read and write.</li>
 * </ol>
 * Arguments: accounts. Environment: as Bench, plus BILLING_URL, ZONE (the support centre's zone).
 */
public class InvoiceRunThroughput {

    static final String BILLING_URL = Bench.env("BILLING_URL", "http://localhost:8083");
    static final ZoneId ZONE = ZoneId.of(Bench.env("ZONE", "Asia/Jerusalem"));
    static final String PLAN_PUBLISHED = "org.supportdesk.subscription.plan-published.v1";
    static final String SUBSCRIPTION_CHANGED = "org.supportdesk.subscription.subscription-changed.v1";
    static final String SESSION_CLOSED = "org.supportdesk.ticket.session-closed.v1";
    static final String STATUS_CHANGED = "org.supportdesk.ticket.ticket-status-changed.v1";
    static final int TICKETS = 4;
    static final int SESSIONS = 20;

    public static void main(String[] args) throws Exception {
        int accounts = Integer.parseInt(args[0]);
        YearMonth month = YearMonth.from(Instant.now().plus(Bench.CLOCK_OFFSET).atZone(ZONE)).minusMonths(1);
        try (KafkaProducer<String, String> producer = Bench.producer(); Connection db = Bench.connect("billing")) {
            Bench.awaitQuiet(Duration.ofMinutes(30));
            System.out.printf("the invoice run of %s over %,d MONTHLY accounts with %d sessions each on %d tickets%n", month,
                    accounts, SESSIONS, TICKETS);
            settle(month);
            UUID template = template(producer, db, month);
            long cloning = System.nanoTime();
            List<UUID> all = clone(db, template, accounts);
            System.out.printf("%,d accounts copied from the template in SQL in %.1f s%n", accounts,
                    (System.nanoTime() - cloning) / 1e9);

            String issued = "select count(*) from invoice where kind = 'MONTHLY' and period_start = '" + month.atDay(1) + "'";
            // numbers are gapless and taken only by committed invoices: the series is a one-row poll (counting
            // the month's invoices every 200 ms had been taking a quarter of a PostgreSQL core)
            String numbered = "select next_number from invoice_series where series = 'INVOICE'";
            long before = count(db, numbered);
            long started = System.nanoTime();
            String answer = post("/api/v1/invoice-runs", "{\"period\":\"" + month + "\"}", Bench.token("avi"));
            double accepted = (System.nanoTime() - started) / 1e9;
            // the cheap poll, then the exact count once
            long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
            while (count(db, numbered) < before + accounts && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Bench.awaitCount(db, issued + " and account_id = any(?)", all, accounts, Duration.ofMinutes(1));
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf("invoice run: answered 202 in %.1f s (%s), all %,d invoices issued in %.1f s: %,.0f invoices/s%n",
                    accepted, Bench.JSON.readTree(answer).path("accounts").asText() + " accounts in the run", accounts, elapsed,
                    accounts / elapsed);
            checkTotals(db, template, all, month);

            double baseline = baseline(db, all, month);
            System.out.printf("baseline: one SQL aggregation of the same sessions per account into a table: %.2f s, "
                    + "%,.0f accounts/s%n", baseline, accounts / baseline);
            System.out.printf("RESULT invoice run %.1f s for %,d accounts, %,.0f invoices/s = %.1f%% of the baseline %,.0f/s "
                    + "(target under 60 s for 50,000)%n", elapsed, accounts, accounts / elapsed,
                    100 * (accounts / elapsed) / (accounts / baseline), accounts / baseline);
        }
    }

    /**
     * Runs the month for what is already there (accounts of earlier runs, an interrupted one's
     * leftovers) and waits until none is left to run, so that the run measured is this run's alone.
     */
    static void settle(YearMonth month) throws Exception {
        String admin = Bench.token("avi");
        post("/api/v1/invoice-runs", "{\"period\":\"" + month + "\"}", admin);
        long started = System.nanoTime();
        long scheduled;
        do {
            Thread.sleep(1_000);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(BILLING_URL + "/api/v1/invoice-runs?period=" + month)).header("Authorization", "Bearer " + admin)
                    .build(), HttpResponse.BodyHandlers.ofString());
            scheduled = Bench.JSON.readTree(answer.body()).path("scheduled").asLong();
        } while (scheduled > 0 && System.nanoTime() - started < Duration.ofHours(1).toNanos());
        System.out.printf("accounts of earlier runs invoiced for %s first (%.1f s)%n", month, (System.nanoTime() - started) / 1e9);
    }

    /** One account made through the broker as the other services would announce it, rated by billing-service. */
    static UUID template(KafkaProducer<String, String> producer, Connection db, YearMonth month) throws Exception {
        UUID plan = TimeOrderedIds.next();
        ObjectNode published = Bench.sample(PLAN_PUBLISHED);
        published.put("planId", plan.toString());
        published.put("code", "bench-monthly-" + plan.toString().substring(0, 8));
        published.put("version", 1);
        published.put("publishedAt", month.minusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant().toString());
        producer.send(Bench.record("subscription-events", plan.toString(), PLAN_PUBLISHED, plan.toString(), published.toString()));
        UUID account = Bench.registerAccounts(producer, 1).getFirst();
        Bench.awaitCount(db, "select count(*) from billing_account where account_id = any(?)", List.of(account), 1,
                Duration.ofMinutes(2));
        ObjectNode joined = Bench.sample(SUBSCRIPTION_CHANGED);
        LocalDate first = month.atDay(1);
        joined.put("accountId", account.toString());
        joined.put("kind", "JOIN");
        joined.put("planId", plan.toString());
        joined.put("planVersion", 1);
        joined.put("planCode", published.get("code").asText());
        joined.put("planName", published.get("name").asText());
        joined.set("terms", published.get("terms"));
        joined.putNull("previousPlanId");
        joined.putNull("previousPlanVersion");
        joined.put("previousPlanCommitting", false);
        joined.put("effectiveOn", first.toString());
        joined.put("effectiveAt", first.atStartOfDay(ZONE).toInstant().toString());
        producer.send(Bench.record("subscription-events", account.toString(), SUBSCRIPTION_CHANGED, account.toString(),
                joined.toString()));
        producer.flush();
        Bench.awaitCount(db, "select count(*) from subscription_stay where account_id = any(?)", List.of(account), 1,
                Duration.ofMinutes(2));

        List<UUID> sessions = new ArrayList<>();
        for (int t = 0; t < TICKETS; t++) {
            UUID ticket = TimeOrderedIds.next();
            Instant opened = first.plusDays(3 + 6L * t).atTime(9, 0).atZone(ZONE).toInstant();
            Instant at = opened;
            for (int k = 0; k < SESSIONS / TICKETS; k++) {
                at = at.plus(Duration.ofHours(2));
                UUID session = TimeOrderedIds.next();
                ObjectNode closed = Bench.sample(SESSION_CLOSED);
                closed.put("sessionId", session.toString());
                closed.put("ticketId", ticket.toString());
                closed.put("ticketNumber", 90_000 + t);
                closed.put("accountId", account.toString());
                closed.put("planId", plan.toString());
                closed.put("planVersion", 1);
                closed.put("ticketOpenedAt", opened.toString());
                closed.put("startedAt", at.toString());
                long seconds = 60L * (7 + 3 * k) + 20;
                closed.put("endedAt", at.plusSeconds(seconds).toString());
                closed.put("seconds", seconds);
                producer.send(Bench.record("ticket-events", account.toString(), SESSION_CLOSED, session.toString(),
                        closed.toString()));
                sessions.add(session);
            }
            producer.flush();
            Bench.awaitCount(db, "select count(*) from rated_session where session_id = any(?)", sessions, sessions.size(),
                    Duration.ofMinutes(2));
            ObjectNode resolved = Bench.sample(STATUS_CHANGED);
            resolved.put("ticketId", ticket.toString());
            resolved.put("number", 90_000 + t);
            resolved.put("accountId", account.toString());
            resolved.put("from", "IN_PROGRESS");
            resolved.put("to", "RESOLVED");
            resolved.putNull("vendorTicketNumber");
            resolved.put("reason", "benchmark 3");
            resolved.put("at", at.plus(Duration.ofHours(1)).toString());
            producer.send(Bench.record("ticket-events", account.toString(), STATUS_CHANGED, ticket.toString(),
                    resolved.toString()));
        }
        producer.flush();
        Bench.awaitCount(db, "select count(*) from ticket_usage where account_id = any(?) and handling_ended_at is not null",
                List.of(account), TICKETS, Duration.ofMinutes(2));
        System.out.printf("template account %s: %d sessions rated, %d tickets resolved%n", account, sessions.size(), TICKETS);
        return account;
    }

    /** Copies of the template's rows under new ids: md5(old id, copy number) keeps every reference inside a copy. */
    static List<UUID> clone(Connection db, UUID template, int copies) throws Exception {
        String t = "'" + template + "'";
        String id = "md5(%s::text || ':' || k)::uuid";
        String copy = " from generate_series(1, " + copies + ") k";
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("""
                    insert into billing_account (account_id, partner_id, status, updated_at, plan_id, plan_version, plan_type,
                                                 card_warned_at, display_name)
                    select %s, partner_id, status, updated_at, plan_id, plan_version, plan_type, card_warned_at, display_name || ' ' || k
                    from billing_account, generate_series(1, %d) k where account_id = %s
                    """.formatted(id.formatted("account_id"), copies, t));
            s.execute("""
                    insert into subscription_stay (id, account_id, plan_id, plan_version, starts_on, ends_on)
                    select %s, %s, plan_id, plan_version, starts_on, ends_on
                    from subscription_stay, generate_series(1, %d) k where account_id = %s
                    """.formatted(id.formatted("id"), id.formatted("account_id"), copies, t));
            s.execute("""
                    insert into wallet (account_id, currency, minute_credit, cash_credit, opened_at, updated_at)
                    select %s, currency, minute_credit, cash_credit, opened_at, updated_at
                    from wallet, generate_series(1, %d) k where account_id = %s
                    """.formatted(id.formatted("account_id"), copies, t));
            s.execute("""
                    insert into ticket_usage (ticket_id, account_id, ticket_number, opened_at, plan_id, plan_version, bill_to_partner,
                                              handled_ms, included, fee_charged, direct_charges, updated_at, handling_ended_at,
                                              discount_exact, discount_given, on_call_ms, on_call_hours)
                    select %s, %s, ticket_number, opened_at, plan_id, plan_version, bill_to_partner, handled_ms, included, fee_charged,
                           direct_charges, updated_at, handling_ended_at, discount_exact, discount_given, on_call_ms, on_call_hours
                    from ticket_usage, generate_series(1, %d) k where account_id = %s
                    """.formatted(id.formatted("ticket_id"), id.formatted("account_id"), copies, t));
            s.execute("""
                    insert into rated_session (session_id, account_id, ticket_id, bill_to_partner, plan_id, plan_version, started_at,
                                               ended_at, duration_ms, minutes, included, minute_credit_used, cash_credit_used, discount,
                                               payable, vat, currency, rated_at, invoice_id)
                    select %s, %s, %s, bill_to_partner, plan_id, plan_version, started_at, ended_at, duration_ms, minutes, included,
                           minute_credit_used, cash_credit_used, discount, payable, vat, currency, rated_at, null
                    from rated_session, generate_series(1, %d) k where account_id = %s
                    """.formatted(id.formatted("session_id"), id.formatted("account_id"), id.formatted("ticket_id"), copies, t));
            s.execute("""
                    insert into rated_line (id, session_id, position, kind, day, minutes, included, billable, amount, description)
                    select %s, %s, l.position, l.kind, l.day, l.minutes, l.included, l.billable, l.amount, l.description
                    from rated_line l join rated_session r on r.session_id = l.session_id, generate_series(1, %d) k
                    where r.account_id = %s
                    """.formatted(id.formatted("l.id"), id.formatted("l.session_id"), copies, t));
            s.execute("""
                    insert into included_usage (account_id, day, included, by_monthly)
                    select %s, day, included, by_monthly from included_usage, generate_series(1, %d) k where account_id = %s
                    """.formatted(id.formatted("account_id"), copies, t));
            s.execute("analyze billing_account, subscription_stay, wallet, ticket_usage, rated_session, rated_line, included_usage");
        }
        db.commit();
        db.setAutoCommit(true);
        List<UUID> ids = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "select " + id.formatted(t + "::uuid") + copy)) {
            while (rs.next()) {
                ids.add(UUID.fromString(rs.getString(1)));
            }
        }
        return ids;
    }

    static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String post(String path, String body, String token) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BILLING_URL + path))
                .timeout(Duration.ofMinutes(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /**
     * Alike accounts, alike invoices: one invoice each, every session on it, every total the plan's
     * monthly fee plus what the template's sessions were rated (a month whole in one plan, no
     * minutes beyond the month's allowance).
     */
    static void checkTotals(Connection db, UUID template, List<UUID> accounts, YearMonth month) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("""
                select count(distinct (i.total, i.vat)), min(i.total), min(i.vat), count(*),
                       (select count(*) from rated_session r where r.account_id = any(?) and r.invoice_id is null),
                       (select sum(payable) from rated_session where account_id = ?)
                       + (select (p.terms::jsonb -> 'monthlyFee' ->> 'amount')::numeric from subscription_stay st
                          join plan_version p on p.plan_id = st.plan_id and p.version = st.plan_version where st.account_id = ?)
                from invoice i where i.kind = 'MONTHLY' and i.period_start = ? and i.account_id = any(?)
                """)) {
            ps.setArray(1, db.createArrayOf("uuid", accounts.toArray()));
            ps.setObject(2, template);
            ps.setObject(3, template);
            ps.setObject(4, month.atDay(1));
            ps.setArray(5, db.createArrayOf("uuid", accounts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long distinct = rs.getLong(1);
                BigDecimal total = rs.getBigDecimal(2);
                long invoices = rs.getLong(4);
                long unbilled = rs.getLong(5);
                BigDecimal expected = rs.getBigDecimal(6);
                System.out.printf("%,d invoices of %s ILS (VAT %s) each, expected %s (fee + the sessions' payable); "
                        + "%,d sessions left off an invoice%n", invoices, total, rs.getBigDecimal(3), expected, unbilled);
                if (distinct != 1 || invoices != accounts.size() || unbilled != 0 || total.compareTo(expected) != 0) {
                    throw new IllegalStateException(distinct + " different totals, " + invoices + " invoices for "
                            + accounts.size() + " accounts, " + unbilled + " sessions not invoiced, total " + total
                            + " where " + expected + " was expected");
                }
            }
        }
    }

    /** The same sessions summed per account into a table: one statement. */
    static double baseline(Connection db, List<UUID> accounts, YearMonth month) throws Exception {
        String table = "bench_invoice_" + UUID.randomUUID().toString().substring(0, 8);
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
        long started = System.nanoTime();
        try (PreparedStatement ps = db.prepareStatement("""
                create table %s as
                select r.account_id, count(*) as sessions, sum(r.payable) as payable, sum(r.vat) as vat
                from rated_session r join ticket_usage t on t.ticket_id = r.ticket_id
                where r.account_id = any(?) and t.opened_at < ? and t.handling_ended_at is not null
                group by r.account_id
                """.formatted(table))) {
            ps.setArray(1, db.createArrayOf("uuid", accounts.toArray()));
            ps.setObject(2, java.sql.Timestamp.from(monthEnd));
            ps.execute();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        try (Statement s = db.createStatement()) {
            s.execute("drop table " + table);
        }
        return elapsed;
    }
}
