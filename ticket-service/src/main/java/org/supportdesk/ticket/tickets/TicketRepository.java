package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.persistence.NativeSelects;

@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, UUID> {

    /** The next human ticket number, told to the customer (R-N1). */
    public Uni<Long> nextNumber() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select nextval(cast(:sequence as regclass))", Long.class)
                .setParameter("sequence", NativeSelects.uncached("ticket_number_seq")).getSingleResult());
    }

    public Uni<List<TicketTransition>> transitionsOf(UUID ticketId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from TicketTransition where ticketId = :id order by at, id", TicketTransition.class)
                .setParameter("id", ticketId)
                .getResultList());
    }

    /** The account's tickets whose handling has not finished, oldest first (R-S3 queues). */
    public Uni<List<Ticket>> openTicketsOf(UUID accountId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from Ticket where accountId = :account and status not in :finished "
                        + "order by openedAt, number", Ticket.class)
                .setParameter("account", accountId)
                .setParameter("finished", List.of(Ticket.Status.RESOLVED, Ticket.Status.CLOSED, Ticket.Status.CANCELLED))
                .getResultList());
    }
}
