package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.ticket.accounts.AccountView;
import org.supportdesk.ticket.accounts.AccountViewRepository;

@ApplicationScoped
public class TicketService {

    private final TicketRepository tickets;
    private final AccountViewRepository accounts;
    private final Outbox outbox;
    private final Clock clock;

    TicketService(TicketRepository tickets, AccountViewRepository accounts, Outbox outbox, Clock clock) {
        this.tickets = tickets;
        this.accounts = accounts;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Opens a ticket in status NEW, records the transition (R-T2) and publishes {@code ticket-opened}
     * in the same transaction.
     */
    @WithTransaction
    public Uni<TicketView> open(OpenTicket request, Caller caller) {
        UUID accountId = caller.is(Roles.CUSTOMER) && !caller.isStaff()
                ? caller.accountId().orElseThrow(() -> new ProblemException(403, "forbidden", "Not allowed",
                        "A customer token must carry account_id"))
                : request.accountId();
        if (accountId == null) {
            throw ProblemException.badRequest("validation", "Invalid request", "accountId is required");
        }
        if (request.accountId() != null && !request.accountId().equals(accountId)) {
            throw ProblemException.notFound("Account", request.accountId());
        }
        return accounts.findById(accountId).chain(account -> {
            if (account == null || !mayOpenFor(account, caller)) {
                throw ProblemException.notFound("Account", accountId);
            }
            return tickets.nextNumber().chain(number -> create(request, account, number, caller));
        });
    }

    private Uni<TicketView> create(OpenTicket request, AccountView account, long number, Caller caller) {
        Instant now = Instant.now(clock);
        Ticket ticket = new Ticket();
        ticket.id = UUID.randomUUID();
        ticket.number = number;
        ticket.accountId = account.accountId;
        // R-P2: paid service on a partner-opened ticket is billed to the partner
        ticket.partnerId = caller.is(Roles.PARTNER) ? account.partnerId : null;
        ticket.kind = request.kind();
        ticket.severity = request.severity();
        ticket.origin = request.origin();
        ticket.responsibility = request.responsibility();
        ticket.title = request.title().strip();
        ticket.description = request.description().strip();
        ticket.status = Ticket.Status.NEW;
        ticket.openedBy = caller.name();
        ticket.openedAt = now;
        ticket.updatedAt = now;

        TicketTransition opened = new TicketTransition();
        opened.id = UUID.randomUUID();
        opened.ticketId = ticket.id;
        opened.toStatus = Ticket.Status.NEW;
        opened.actor = caller.name();
        opened.actorRole = roleOf(caller);
        opened.reason = "opened";
        opened.at = now;

        return tickets.persist(ticket)
                .call(() -> tickets.getSession().chain(session -> session.persist(opened)))
                .call(() -> outbox.append(TicketEvents.OPENED, ticket.id.toString(), ticket.accountId.toString(),
                        TicketEvents.TicketOpened.of(ticket)))
                .map(saved -> TicketView.of(saved, java.util.List.of(opened)));
    }

    /** The ticket with its audit trail, if the caller may see it; otherwise "not found". */
    @WithSession
    public Uni<TicketView> find(UUID id, Caller caller) {
        return tickets.findById(id).chain(ticket -> {
            if (ticket == null) {
                throw ProblemException.notFound("Ticket", id);
            }
            return accounts.findById(ticket.accountId).chain(account -> {
                if (!mayOpenFor(account, caller)) {
                    throw ProblemException.notFound("Ticket", id);
                }
                return tickets.transitionsOf(id).map(transitions -> TicketView.of(ticket, transitions));
            });
        });
    }

    /** Staff serve every account; a partner only its customers (R-P2); a customer only itself. */
    private static boolean mayOpenFor(AccountView account, Caller caller) {
        return account != null && caller.maySee(account.accountId, account.partnerId);
    }

    private static String roleOf(Caller caller) {
        for (String role : new String[] { Roles.ADMIN, Roles.SUPERVISOR, Roles.AGENT, Roles.OPS, Roles.PARTNER }) {
            if (caller.is(role)) {
                return role;
            }
        }
        return Roles.CUSTOMER;
    }
}
