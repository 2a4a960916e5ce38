package org.supportdesk.ticket.tickets;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.PreparedQuery;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.ticket.sla.SlaPolicy;
import org.supportdesk.ticket.sla.SlaService;

/**
 * The most frequent read, a ticket as the API shows it ({@code GET /api/v1/tickets/{id}}), in one
 * statement: the ticket, the account it belongs to (who may see it, R-P2), its audit trail (R-T2) and
 * its SLA targets (R-L5), on the reactive client directly. Through Hibernate it was four statements in
 * a session, each planned, mapped and managed to be thrown away. It reads what {@link TicketView#of}
 * maps from the entities, in the same order ({@code TicketResourceTest} holds the two to the same
 * answer); writes answer through the entities they changed. Instants travel in the aggregates as
 * microseconds since the epoch, PostgreSQL's precision, exactly.
 */
@ApplicationScoped
public class TicketReads {

    /** The statement, in a file of its own so that benchmark 2's baseline runs the very same one. */
    static final String SQL = statement("sql/ticket-read.sql");

    private final PreparedQuery<RowSet<Row>> query;

    TicketReads(Pool pool) {
        this.query = pool.preparedQuery(SQL);
    }

    /** The ticket with its trail and targets if the caller may see it; otherwise (or if there is none) "not found". */
    public Uni<TicketView> find(UUID id, Caller caller) {
        return query.execute(Tuple.of(id)).map(rows -> {
            Row row = rows.size() == 1 ? rows.iterator().next() : null;
            // staff serve every account; a partner only its customers (R-P2); a customer only itself
            if (row == null || !caller.maySee(row.getUUID("account_id"), row.getUUID("account_partner_id"))) {
                throw ProblemException.notFound("Ticket", id);
            }
            return view(row);
        });
    }

    private static TicketView view(Row t) {
        return new TicketView(t.getUUID("id"), t.getLong("number"), t.getUUID("account_id"), t.getUUID("partner_id"),
                t.getString("kind"), t.getString("severity"), t.getString("origin"), t.getString("responsibility"),
                t.getString("title"), t.getString("description"), t.getString("status"), t.getString("opened_by"),
                instant(t.getOffsetDateTime("opened_at")), t.getUUID("plan_id"), t.getInteger("plan_version"),
                t.getString("plan_type"), t.getUUID("reopened_from"), t.getString("vendor_ticket_number"),
                t.getString("tier"), t.getString("external_level"), instant(t.getOffsetDateTime("arisen_at")),
                TicketView.Sla.of(t.getBoolean("paused_for_customer"), t.getBoolean("paused_for_emergency"),
                        targets(t.getJsonArray("targets"))),
                transitions(t.getJsonArray("transitions")));
    }

    private static List<TicketView.Transition> transitions(JsonArray rows) {
        List<TicketView.Transition> trail = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            trail.add(new TicketView.Transition(r.getString("from"), r.getString("to"), r.getString("actor"),
                    r.getString("actorRole"), r.getString("reason"), micros(r.getLong("at"))));
        }
        return List.copyOf(trail);
    }

    private static List<SlaService.TargetView> targets(JsonArray rows) {
        List<SlaService.TargetView> targets = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject s = rows.getJsonObject(i);
            targets.add(new SlaService.TargetView(SlaPolicy.Target.valueOf(s.getString("target")), micros(s.getLong("dueAt")),
                    s.getBoolean("aroundTheClock"), micros(s.getLong("metAt")), micros(s.getLong("breachedAt")),
                    s.getBoolean("paused"), s.getLong("pausedSeconds"), micros(s.getLong("stoppedAt"))));
        }
        return List.copyOf(targets);
    }

    private static String statement(String resource) {
        try (InputStream in = TicketReads.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the service's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static Instant micros(Long sinceEpoch) {
        return sinceEpoch == null ? null
                : Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, 1_000_000L), Math.floorMod(sinceEpoch, 1_000_000L) * 1_000L);
    }
}
