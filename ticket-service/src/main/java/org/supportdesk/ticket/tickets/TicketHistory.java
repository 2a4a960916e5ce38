package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.ticket.escalation.Escalation;
import org.supportdesk.ticket.sessions.RemoteSession;
import org.supportdesk.ticket.sla.SlaBreach;

/**
 * R-T2: a ticket's timeline as the caller may read it: opening and status changes, comments (public
 * ones only for customers and partners), escalations, sessions, SLA breaches and attachments.
 */
@Path("/api/v1/tickets/{ticketId}/history")
public class TicketHistory {

    /** One thing that happened to the ticket. */
    public record Entry(Instant at, String kind, String actor, String summary) {
    }

    private final TicketService tickets;
    private final Caller caller;

    TicketHistory(TicketService tickets, Caller caller) {
        this.tickets = tickets;
        this.caller = caller;
    }

    @GET
    @WithSession
    @RolesAllowed({ Roles.CUSTOMER, Roles.PARTNER, Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    public Uni<List<Entry>> history(@PathParam("ticketId") UUID ticketId) {
        return tickets.visible(ticketId, caller, false).chain(ticket -> Panache.getSession().chain(s -> {
            List<Entry> entries = new ArrayList<>();
            return s.createSelectionQuery("from TicketTransition where ticketId = :t", TicketTransition.class)
                    .setParameter("t", ticketId).getResultList()
                    .invoke(list -> list.forEach(tr -> entries.add(new Entry(tr.at, tr.fromStatus == null ? "OPENED" : "STATUS",
                            tr.actor, (tr.fromStatus == null ? "opened as " + tr.toStatus : tr.fromStatus + " → " + tr.toStatus)
                                    + (tr.reason == null || tr.fromStatus == null ? "" : ": " + tr.reason)))))
                    .chain(() -> s.createSelectionQuery("from Comment where ticketId = :t"
                            + (caller.isStaff() ? "" : " and visibility = 'PUBLIC'"), Comment.class)
                            .setParameter("t", ticketId).getResultList())
                    .invoke(list -> list.forEach(c -> entries.add(new Entry(c.at,
                            c.visibility == Comment.Visibility.INTERNAL ? "INTERNAL_COMMENT" : "COMMENT", c.author, c.body))))
                    .chain(() -> s.createSelectionQuery("from Escalation where ticketId = :t", Escalation.class)
                            .setParameter("t", ticketId).getResultList())
                    .invoke(list -> list.forEach(e -> entries.add(new Entry(e.at, "ESCALATION", e.actor,
                            e.kind + ": " + (e.fromLevel == null ? "" : e.fromLevel + " → ") + e.toLevel
                                    + (e.reason == null ? "" : " (" + e.reason + ")")))))
                    .chain(() -> s.createSelectionQuery("from RemoteSession where ticketId = :t", RemoteSession.class)
                            .setParameter("t", ticketId).getResultList())
                    .invoke(list -> list.forEach(r -> {
                        entries.add(new Entry(r.startedAt, "SESSION_STARTED", r.agent,
                                r.recordedBy == null ? "remote session started" : "remote session (recorded by " + r.recordedBy + ")"));
                        if (r.endedAt != null) {
                            entries.add(new Entry(r.endedAt, "SESSION_ENDED", r.stoppedBy == null ? r.agent : "system",
                                    "remote session ended after " + r.seconds + " s" + (r.stoppedBy == null ? "" : " (" + r.stoppedBy + ")")));
                        }
                    }))
                    .chain(() -> s.createSelectionQuery("from SlaBreach where ticketId = :t", SlaBreach.class)
                            .setParameter("t", ticketId).getResultList())
                    .invoke(list -> list.forEach(b -> entries.add(new Entry(b.breachedAt, "SLA_BREACH", "system",
                            b.target + " target missed (due " + b.dueAt + ")"))))
                    .chain(() -> s.createSelectionQuery("from Attachment where ticketId = :t", Attachment.class)
                            .setParameter("t", ticketId).getResultList())
                    .invoke(list -> list.forEach(a -> entries.add(new Entry(a.at, "ATTACHMENT", a.uploadedBy, a.fileName))))
                    .map(ignored -> entries.stream().sorted(Comparator.comparing(Entry::at)).toList());
        }));
    }

}
