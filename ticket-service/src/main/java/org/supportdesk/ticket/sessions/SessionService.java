package org.supportdesk.ticket.sessions;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.ticket.accounts.AccountView;
import org.supportdesk.ticket.sla.SlaPolicies;
import org.supportdesk.ticket.sla.SlaService;
import org.supportdesk.ticket.tickets.Ticket;
import org.supportdesk.ticket.tickets.TicketRepository;
import org.supportdesk.ticket.tickets.TicketService;
import org.supportdesk.ticket.tickets.TicketStatusPolicy;
import org.supportdesk.ticket.tickets.TicketWorkflow;

/**
 * R-T7: remote-support sessions: started with consent, stopped for good, or recorded afterwards;
 * each closed session is published for billing with the plan the ticket was opened under (R-S6).
 */
@ApplicationScoped
public class SessionService {

    public record SessionView(UUID id, UUID ticketId, String agent, Instant startedAt, Instant endedAt, Long seconds,
            boolean outsideBusinessHours, boolean critical, RemoteSession.Outcome outcome, String fixedPriceAction,
            String recordedBy, String recordedReason) {
        static SessionView of(RemoteSession s) {
            return new SessionView(s.id, s.ticketId, s.agent, s.startedAt, s.endedAt, s.seconds, s.outsideBusinessHours,
                    s.critical, s.outcome, s.fixedPriceAction, s.recordedBy, s.recordedReason);
        }
    }

    private final TicketService tickets;
    private final TicketRepository ticketRepository;
    private final TicketWorkflow workflow;
    private final SlaService sla;
    private final jakarta.enterprise.inject.Instance<PrepaidCutOff> prepaid;
    private final Outbox outbox;
    private final SlaPolicies policies;
    private final Clock clock;

    SessionService(TicketService tickets, TicketRepository ticketRepository, TicketWorkflow workflow, SlaService sla,
            jakarta.enterprise.inject.Instance<PrepaidCutOff> prepaid, Outbox outbox, SlaPolicies policies,
            Clock clock) {
        this.sla = sla;
        this.prepaid = prepaid;
        this.tickets = tickets;
        this.ticketRepository = ticketRepository;
        this.workflow = workflow;
        this.outbox = outbox;
        this.policies = policies;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<SessionView> start(UUID ticketId, SessionRequests.Start request, Caller caller) {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        return servable(ticketId, caller, request.consent()).chain(ticket -> agentIsFree(caller.name(), ticketId)
                .chain(() -> oneAtATime(ticket))
                .chain(() -> takeIfWaiting(ticket, caller, Instant.now(clock)))
                .chain(() -> policies.of(ticket))
                .chain(governing -> {
                    RemoteSession session = newSession(ticket, caller.name(), now, governing.calendar());
                    return Panache.getSession().chain(s -> s.persist(session))
                            .chain(() -> prepaid.get().onStart(ticket, session))
                            .chain(() -> outbox.append(SessionEvents.STARTED, session.id.toString(),
                                    ticket.accountId.toString(), SessionEvents.SessionStarted.of(session, ticket)))
                            .replaceWith(SessionView.of(session));
                }));
    }

    @WithTransaction
    public Uni<SessionView> stop(UUID sessionId, SessionRequests.Stop request, Caller caller) {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        // the ticket first, then the session, as a move that ends the ticket's handling takes them
        return Panache.getSession().chain(s -> s.find(RemoteSession.class, sessionId))
                .chain(session -> {
                    if (session == null) {
                        throw ProblemException.notFound("Session", sessionId);
                    }
                    // a session of a ticket the caller may not see is "not found" too
                    return tickets.visible(session.ticketId, caller, true)
                            .onFailure(ProblemException.class).transform(e -> ProblemException.notFound("Session", sessionId))
                            .chain(ticket -> Panache.getSession().chain(s -> s.refresh(session,
                                    org.hibernate.LockMode.PESSIMISTIC_WRITE)).replaceWith(ticket))
                            .chain(ticket -> {
                                if (session.endedAt != null) {
                                    throw ProblemException.conflict("session-ended", "Session already ended",
                                            "Session " + sessionId + " ended at " + session.endedAt);
                                }
                                if (!session.agent.equals(caller.name()) && !caller.is(Roles.SUPERVISOR)
                                        && !caller.is(Roles.ADMIN)) {
                                    throw new ProblemException(403, "not-your-session", "Not your session",
                                            "Session " + sessionId + " is " + session.agent + "'s; a supervisor may stop it");
                                }
                                return close(ticket, session, now, request.outcome(), request.fixedPriceAction());
                            });
                });
    }

    /**
     * R-B11, R-B12: a ticket's handling ends (resolved, closed, cancelled) while its session runs: the
     * session ends with it, at {@code at}, told before the status change so that billing rates it
     * first. Runs in the move's transaction, which holds the ticket: the ticket, then its session, as a
     * stop takes them.
     */
    public Uni<Void> endWithTicket(Ticket ticket, Instant at) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from RemoteSession where ticketId = :ticket and endedAt is null order by id", RemoteSession.class)
                .setParameter("ticket", ticket.id).setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultList())
                .chain(running -> {
                    Uni<Void> closed = Uni.createFrom().voidItem();
                    for (RemoteSession session : running) {
                        session.stoppedBy = "ticket " + ticket.status;
                        closed = closed.chain(() -> close(ticket, session, at.truncatedTo(ChronoUnit.MILLIS), null, null))
                                .replaceWithVoid();
                    }
                    return closed;
                });
    }

    /** R-B7: the wallet is used up: the running session ends at {@code at}, stopped by the system. */
    Uni<Void> cutOff(UUID sessionId, Instant at) {
        return Panache.getSession().chain(s -> s.find(RemoteSession.class, sessionId, org.hibernate.LockMode.PESSIMISTIC_WRITE))
                .chain(session -> {
                    if (session == null || session.endedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    session.stoppedBy = "R-B7: wallet used up";
                    return Panache.getSession().chain(s -> s.find(Ticket.class, session.ticketId))
                            .chain(ticket -> close(ticket, session, at.truncatedTo(ChronoUnit.MILLIS), null, null))
                            .replaceWithVoid();
                });
    }

    /** Closes a running session at {@code endedAt} and publishes it (also used by R-B7's cut-off). */
    Uni<SessionView> close(Ticket ticket, RemoteSession session, Instant endedAt, RemoteSession.Outcome outcome,
            String fixedPriceAction) {
        ended(session, endedAt, outcome, fixedPriceAction);
        return closed(ticket, session);
    }

    private static void ended(RemoteSession session, Instant endedAt, RemoteSession.Outcome outcome,
            String fixedPriceAction) {
        session.endedAt = endedAt.isBefore(session.startedAt) ? session.startedAt : endedAt;
        session.seconds = Duration.between(session.startedAt, session.endedAt).toSeconds();
        session.outcome = outcome == null ? RemoteSession.Outcome.CONTINUING : outcome;
        session.fixedPriceAction = fixedPriceAction;
    }

    /** The session-closed event billing rates (R-T7, R-B1). */
    private Uni<SessionView> closed(Ticket ticket, RemoteSession session) {
        return outbox.append(SessionEvents.CLOSED, session.id.toString(), ticket.accountId.toString(),
                SessionEvents.SessionClosed.of(session, ticket)).replaceWith(SessionView.of(session));
    }

    /** A past session recorded by an agent or supervisor (audited with who and why). */
    @WithTransaction
    public Uni<SessionView> record(UUID ticketId, SessionRequests.Record request, Caller caller) {
        Instant now = Instant.now(clock);
        String agent = request.agent() == null || request.agent().isBlank() ? caller.name() : request.agent().strip();
        if (!agent.equals(caller.name()) && !caller.is(Roles.SUPERVISOR) && !caller.is(Roles.ADMIN)) {
            throw new ProblemException(403, "not-your-session", "Not your session",
                    "Only a supervisor records a session for another agent");
        }
        if (request.endedAt().isAfter(now)) {
            throw ProblemException.unprocessable("session-in-the-future", "Session in the future",
                    "A recorded session must have ended already").with("field", "endedAt");
        }
        Instant startedAt = request.startedAt().truncatedTo(ChronoUnit.MILLIS);
        Instant endedAt = request.endedAt().truncatedTo(ChronoUnit.MILLIS);
        // a recorded session took place with the customer's consent unless the agent says it did not
        return servable(ticketId, caller, request.consent() == null ? Boolean.TRUE : request.consent()).chain(ticket -> {
            if (startedAt.isBefore(ticket.openedAt)) {
                throw ProblemException.unprocessable("session-before-ticket", "Session before the ticket",
                        "Ticket " + ticket.number + " was opened at " + ticket.openedAt).with("field", "startedAt");
            }
            // a past session: R-S3 is held by its time range (overlapping), not by what runs now
            return prepaid.get().onRecord(ticket, startedAt, endedAt)
                    .chain(() -> overlapping(agent, ticket, startedAt, endedAt)).chain(overlaps -> {
                if (overlaps > 0) {
                    throw ProblemException.conflict("session-overlaps", "Sessions overlap",
                            "R-T7: " + agent + ", ticket " + ticket.number
                                    + ("OCCASIONAL".equals(ticket.planType) ? " or another ticket of its account (R-S3)" : "")
                                    + " had another session between " + startedAt + " and " + endedAt);
                }
                return takeIfWaiting(ticket, caller, endedAt);
            }).chain(() -> policies.of(ticket)).chain(governing -> {
                RemoteSession session = newSession(ticket, agent, startedAt, governing.calendar());
                session.recordedBy = caller.name();
                session.recordedReason = request.reason() == null || request.reason().isBlank() ? null
                        : request.reason().strip();
                // written ended: a past session never counts as the agent's or the ticket's running one
                // (the one-running-session indexes), also while a live session runs beside it
                ended(session, endedAt, request.outcome(), request.fixedPriceAction());
                return Panache.getSession().chain(s -> s.persist(session))
                        .chain(() -> outbox.append(SessionEvents.STARTED, session.id.toString(),
                                ticket.accountId.toString(), SessionEvents.SessionStarted.of(session, ticket)))
                        .chain(() -> closed(ticket, session));
            });
        });
    }

    @WithSession
    public Uni<List<SessionView>> list(UUID ticketId, Caller caller) {
        return tickets.visible(ticketId, caller, false).chain(ticket -> Panache.getSession().chain(s -> s
                .createSelectionQuery("from RemoteSession where ticketId = :ticket order by startedAt, id",
                        RemoteSession.class)
                .setParameter("ticket", ticketId).getResultList()))
                .map(list -> list.stream().map(SessionView::of).toList());
    }

    /**
     * The ticket, locked, if it may be served now: consent given (R-T7), account served (R-S7, R-S8),
     * handling not finished, and (R-S3) an OCCASIONAL account's earlier tickets served first.
     */
    private Uni<Ticket> servable(UUID ticketId, Caller caller, Boolean consent) {
        return tickets.visible(ticketId, caller, true).chain(ticket -> {
            if (!Boolean.TRUE.equals(consent)) {
                throw ProblemException.unprocessable("consent-required", "Consent required",
                        "R-T7: a session needs the customer's explicit consent").with("field", "consent");
            }
            if (TicketStatusPolicy.isFinished(ticket.status)) {
                throw ProblemException.conflict("ticket-finished", "Ticket finished",
                        "Ticket " + ticket.number + " is " + ticket.status).with("status", ticket.status.name());
            }
            return Panache.getSession().chain(s -> s.find(AccountView.class, ticket.accountId)).chain(account -> {
                if (!account.isServed()) {
                    throw ProblemException.conflict("account-not-served", "Account not served",
                            "R-S7/R-S8: account " + account.accountId + " is " + account.status
                                    + "; it may open tickets but gets no service").with("accountStatus", account.status);
                }
                if (ticket.planId == null) {
                    // opened before the account joined a plan: it is served (and priced) under the plan it has now
                    if (account.planId == null) {
                        throw ProblemException.conflict("account-without-plan", "No plan",
                                "Account " + account.accountId + " has not joined a plan; service is priced by a plan (R-S2)");
                    }
                    ticket.planId = account.planId;
                    ticket.planVersion = account.planVersion;
                    ticket.planType = account.planType;
                }
                if (!"OCCASIONAL".equals(ticket.planType)) {
                    return Uni.createFrom().item(ticket);
                }
                return ticketRepository.openTicketsOf(ticket.accountId).map(open -> {
                    Ticket first = open.getFirst();
                    if (!first.id.equals(ticket.id)) {
                        throw ProblemException.conflict("ticket-queued", "Served in opening order",
                                "R-S3: an OCCASIONAL account's tickets are served one at a time in opening order; "
                                        + "ticket " + first.number + " comes first").with("servedFirst", first.id);
                    }
                    return ticket;
                });
            });
        });
    }

    /** R-T7: one agent, one device: one running session per agent, and one per ticket. */
    private Uni<Void> agentIsFree(String agent, UUID ticketId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "from RemoteSession where endedAt is null and (agent = :agent or ticketId = :ticket)", RemoteSession.class)
                .setParameter("agent", agent).setParameter("ticket", ticketId).getResultList())
                .invoke(running -> {
                    if (!running.isEmpty()) {
                        RemoteSession busy = running.getFirst();
                        throw ProblemException.conflict("session-running", "A session is running",
                                busy.agent.equals(agent) ? "R-T7: " + agent + " is in session " + busy.id
                                        : "Ticket already has session " + busy.id + " running")
                                .with("runningSession", busy.id);
                    }
                }).replaceWithVoid();
    }

    /**
     * Sessions overlapping {@code [from, until)} that a recorded one may not overlap: the agent's (R-T7: one
     * agent, one device), the ticket's (its handling time is the sum of its sessions: two at once would
     * bill the same minutes twice, R-B1) and, for an OCCASIONAL account, any of its tickets' (R-S3:
     * handled one at a time).
     */
    private Uni<Long> overlapping(String agent, Ticket ticket, Instant from, Instant until) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("""
                select count(*) from RemoteSession
                where (agent = :agent or ticketId = :ticket or (:oneAtATime = true and accountId = :account))
                and startedAt < :until and (endedAt is null or endedAt > :from)
                """, Long.class)
                .setParameter("agent", agent).setParameter("ticket", ticket.id)
                .setParameter("oneAtATime", "OCCASIONAL".equals(ticket.planType)).setParameter("account", ticket.accountId)
                .setParameter("from", from).setParameter("until", until)
                .getSingleResult());
    }

    /**
     * R-S3: an OCCASIONAL account's tickets are handled one at a time, so no session starts while
     * another of its tickets has one running (a recorded one may not overlap another in time); the first in line may change meanwhile (a
     * resolved ticket reopened by the customer comes first again while a later one is being served).
     * Starts for one account queue on a transaction-scoped advisory lock of the account, taken by no
     * other path, so two agents starting on two of its tickets at once cannot both pass.
     */
    private Uni<Void> oneAtATime(Ticket ticket) {
        if (!"OCCASIONAL".equals(ticket.planType)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select pg_advisory_xact_lock(hashtextextended(cast(:account as text), 1))")
                .setParameter("account", ticket.accountId.toString()).getResultList()
                .chain(() -> s.createSelectionQuery("from RemoteSession where endedAt is null and accountId = :account "
                        + "and ticketId <> :ticket", RemoteSession.class)
                        .setParameter("account", ticket.accountId).setParameter("ticket", ticket.id).getResultList()))
                .invoke(running -> {
                    if (!running.isEmpty()) {
                        throw ProblemException.conflict("account-in-session", "Another ticket is being handled",
                                "R-S3: an OCCASIONAL account's tickets are handled one at a time; session "
                                        + running.getFirst().id + " is running on another of its tickets")
                                .with("runningSession", running.getFirst().id)
                                .with("servedTicket", running.getFirst().ticketId);
                    }
                }).replaceWithVoid();
    }

    /**
     * Serving a waiting ticket takes it: NEW becomes IN_PROGRESS (R-T2), and so does a ticket waiting on
     * the customer when the session ({@code servedUntil}: now for a live one, its end for a recorded one)
     * went on after the wait began; a session recorded from before the wait leaves it standing (R-T4).
     */
    private Uni<Void> takeIfWaiting(Ticket ticket, Caller caller, Instant servedUntil) {
        Instant now = Instant.now(clock);
        // R-L4, R-L5: a session starts handling and answers the customer
        Uni<Void> served = sla.handlingStarted(ticket, now).chain(() -> sla.responded(ticket, now));
        boolean waitEnds = ticket.status == Ticket.Status.PENDING_CUSTOMER && servedUntil.isAfter(ticket.statusSince);
        if (ticket.status != Ticket.Status.NEW && !waitEnds) {
            return served;
        }
        return workflow.moveBy(ticket, Ticket.Status.IN_PROGRESS, caller, "session started").chain(() -> served);
    }

    private RemoteSession newSession(Ticket ticket, String agent, Instant startedAt,
            org.supportdesk.ticket.sla.BusinessCalendar calendar) {
        RemoteSession session = new RemoteSession();
        session.id = TimeOrderedIds.next();
        session.ticketId = ticket.id;
        session.accountId = ticket.accountId;
        session.agent = agent;
        session.consent = true;
        session.startedAt = startedAt;
        session.outsideBusinessHours = !calendar.isOpen(startedAt);
        // R-L4, R-B15: a critical incident is served outside hours too, at no extra charge
        session.critical = SlaService.isCritical(ticket, calendar.zone());
        session.createdAt = Instant.now(clock);
        return session;
    }
}
