package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.ticket.accounts.AccountView;
import org.supportdesk.ticket.tickets.Ticket.Status;

/**
 * What an account's plan change or closure does to its tickets not started yet. R-S6: when an
 * account leaves a committing plan other than by upgrade, each ticket it opened under that plan is
 * closed and the same request opened again under the new plan (so it is priced by the plan in force
 * when it is served). R-S8: when the account closes, they are cancelled.
 */
@ApplicationScoped
public class PlanChangeReopening {

    private final TicketService tickets;
    private final TicketRepository repository;
    private final TicketWorkflow workflow;

    PlanChangeReopening(TicketService tickets, TicketRepository repository, TicketWorkflow workflow) {
        this.tickets = tickets;
        this.repository = repository;
        this.workflow = workflow;
    }

    /** In the consumer's transaction; {@code account} already carries the new plan. */
    public Uni<Void> reopenNotStarted(AccountView account, UUID previousPlanId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from Ticket where accountId = :account and status = :new and planId = :plan "
                        + "order by openedAt, number", Ticket.class)
                .setParameter("account", account.accountId).setParameter("new", Status.NEW)
                .setParameter("plan", previousPlanId)
                .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .getResultList())
                .chain(notStarted -> notStarted.isEmpty() ? Uni.createFrom().voidItem()
                        : Multi.createFrom().iterable(notStarted).onItem()
                                .transformToUniAndConcatenate(old -> reopen(account, old)).collect().last()
                                .replaceWithVoid());
    }

    /** R-S8: a ticket opened but not started when the account closed can no longer be handled. */
    public Uni<Void> cancelNotStarted(AccountView account) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("from Ticket where accountId = :account and status = :new", Ticket.class)
                .setParameter("account", account.accountId).setParameter("new", Status.NEW)
                .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE)
                .getResultList())
                .chain(notStarted -> Multi.createFrom().iterable(notStarted).onItem()
                        .transformToUniAndConcatenate(t -> workflow.move(t, Status.CANCELLED, TicketStatusPolicy.Actor.SYSTEM,
                                TicketWorkflow.SYSTEM, TicketWorkflow.SYSTEM,
                                "R-S8: the account closed before the ticket was started"))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> reopen(AccountView account, Ticket old) {
        OpenTicket request = new OpenTicket(old.accountId, old.kind, old.severity, old.origin, old.responsibility,
                old.title, old.description, old.arisenAt);
        // read after the account's new plan is flushed: the account as it is now, the new ticket's number,
        // policy and emergency
        return repository.openingFacts(account.accountId).map(found -> found.orElseThrow(
                () -> new IllegalStateException("account " + account.accountId + " is not in the account view")))
                .chain(facts -> workflow.move(old, Status.CLOSED, TicketStatusPolicy.Actor.SYSTEM, TicketWorkflow.SYSTEM,
                        TicketWorkflow.SYSTEM, "R-S6: not started when the plan changed; re-opened as ticket "
                                + facts.number() + " under the new plan")
                        .chain(() -> tickets.reopen(request, facts, old)))
                .replaceWithVoid();
    }
}
