package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.outbox.Outbox;
import org.supportdesk.platform.persistence.TimeOrderedIds;
import org.supportdesk.platform.problem.ProblemException;
import org.supportdesk.platform.security.Caller;
import org.supportdesk.platform.security.Roles;
import org.supportdesk.ticket.accounts.AccountView;
import org.supportdesk.ticket.accounts.AccountViewRepository;
import org.supportdesk.ticket.sla.SlaService;

@ApplicationScoped
public class TicketService {

    private final TicketRepository tickets;
    private final AccountViewRepository accounts;
    private final SlaService sla;
    private final Outbox outbox;
    private final Clock clock;
    private final TicketReads reads;

    TicketService(TicketRepository tickets, AccountViewRepository accounts, SlaService sla, Outbox outbox, Clock clock,
            TicketReads reads) {
        this.tickets = tickets;
        this.accounts = accounts;
        this.sla = sla;
        this.outbox = outbox;
        this.clock = clock;
        this.reads = reads;
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
        // the account row is locked: one account's openings queue (R-S3 holds under concurrency)
        return tickets.openingFacts(accountId).chain(found -> {
            TicketRepository.OpeningFacts facts = found.orElse(null);
            if (facts == null || !mayOpenFor(facts.account(), caller)) {
                throw ProblemException.notFound("Account", accountId);
            }
            if ("CLOSED".equals(facts.account().status)) {
                // R-S8: a closed account's tickets can no longer be handled (a frozen one may open them, R-S7)
                throw ProblemException.conflict("account-closed", "Account closed",
                        "R-S8: account " + accountId + " is closed; its tickets can no longer be handled")
                        .with("accountStatus", facts.account().status);
            }
            if (!"PREPAID".equals(facts.account().planType)) {
                return create(request, facts, caller);
            }
            // R-S3: a PREPAID account cannot open a second ticket while one is open (read after the lock)
            return tickets.openTicketsOf(accountId).chain(open -> {
                if (!open.isEmpty()) {
                    throw ProblemException.conflict("prepaid-ticket-open", "A ticket is open",
                            "R-S3: a PREPAID account has one open ticket at a time; ticket " + open.getFirst().number
                                    + " is " + open.getFirst().status).with("openTicket", open.getFirst().id);
                }
                return create(request, facts, caller);
            });
        });
    }

    private Uni<TicketView> create(OpenTicket request, TicketRepository.OpeningFacts facts, Caller caller) {
        return create(request, facts, caller.name(), roleOf(caller), caller.is(Roles.PARTNER) ? facts.account().partnerId : null,
                null, null);
    }

    /** R-S6: the same request opened again under the account's new plan, as reported when {@code old} was. */
    Uni<TicketView> reopen(OpenTicket request, TicketRepository.OpeningFacts facts, Ticket old) {
        return create(request, facts, TicketWorkflow.SYSTEM, TicketWorkflow.SYSTEM, old.partnerId, old.id,
                old.reportedAt != null ? old.reportedAt : old.openedAt);
    }

    /**
     * Writes a NEW ticket under the account's current plan (R-S6), its first transition, its SLA
     * targets and its event with one statement, and the targets' timers with another; the answer is
     * made from what was written (nothing read back, no entity left in the session to flush).
     */
    private Uni<TicketView> create(OpenTicket request, TicketRepository.OpeningFacts facts, String actor, String actorRole,
            UUID billedPartner, UUID reopenedFrom, Instant reportedAt) {
        AccountView account = facts.account();
        Instant now = Instant.now(clock);
        Ticket ticket = new Ticket();
        ticket.id = TimeOrderedIds.next();
        ticket.number = facts.number();
        ticket.accountId = account.accountId;
        // R-P2: paid service on a partner-opened ticket is billed to the partner
        ticket.partnerId = billedPartner;
        ticket.planId = account.planId;
        ticket.planVersion = account.planVersion;
        ticket.planType = account.planType;
        ticket.reopenedFrom = reopenedFrom;
        ticket.reportedAt = reportedAt;
        ticket.kind = request.kind();
        ticket.severity = request.severity();
        ticket.origin = request.origin();
        ticket.responsibility = request.responsibility();
        ticket.title = request.title().strip();
        ticket.description = request.description().strip();
        if (request.arisenAt() != null && request.arisenAt().isAfter(now)) {
            throw ProblemException.unprocessable("fault-in-the-future", "Fault in the future",
                    "arisenAt is when the reported fault began, not later than now (" + now + ")").with("field", "arisenAt");
        }
        ticket.arisenAt = request.arisenAt();
        ticket.status = Ticket.Status.NEW;
        ticket.openedBy = actor;
        ticket.openedAt = now;
        ticket.updatedAt = now;
        ticket.statusSince = now;

        TicketTransition opened = new TicketTransition();
        opened.id = TimeOrderedIds.next();
        opened.ticketId = ticket.id;
        opened.toStatus = Ticket.Status.NEW;
        opened.actor = actor;
        opened.actorRole = actorRole;
        opened.reason = reopenedFrom == null ? "opened" : "R-S6: re-opened under the new plan";
        opened.at = now;

        ticket.tier = "T1";
        ticket.pausedForEmergency = facts.covered();
        return sla.opened(ticket, facts.policyId())
                .call(targets -> outbox.appendWith(List.of(List.of(ticket), List.of(opened), targets),
                        List.of(new Outbox.Pending(TicketEvents.OPENED, ticket.id.toString(), ticket.accountId.toString(),
                                TicketEvents.TicketOpened.of(ticket)))))
                .call(targets -> sla.scheduleOpened(targets))
                .map(targets -> TicketView.of(ticket, List.of(opened), SlaService.views(targets)));
    }

    /** The ticket with its audit trail, if the caller may see it; otherwise "not found" (one statement). */
    public Uni<TicketView> find(UUID id, Caller caller) {
        return reads.find(id, caller);
    }

    /**
     * The ticket if the caller may see it (locked for update when asked); another tenant's ticket is
     * "not found". Runs in the caller's session.
     */
    public Uni<Ticket> visible(UUID id, Caller caller, boolean forUpdate) {
        return Panache.getSession().chain(session -> forUpdate
                ? session.find(Ticket.class, id, org.hibernate.LockMode.PESSIMISTIC_WRITE)
                : session.find(Ticket.class, id))
                .chain(ticket -> {
                    if (ticket == null) {
                        throw ProblemException.notFound("Ticket", id);
                    }
                    return accounts.findById(ticket.accountId).map(account -> {
                        if (!mayOpenFor(account, caller)) {
                            throw ProblemException.notFound("Ticket", id);
                        }
                        return ticket;
                    });
                });
    }

    public Uni<TicketView> viewOf(Ticket ticket) {
        return tickets.transitionsOf(ticket.id).chain(transitions -> sla.view(ticket.id)
                .map(targets -> TicketView.of(ticket, transitions, targets)));
    }

    /** Staff serve every account; a partner only its customers (R-P2); a customer only itself. */
    private static boolean mayOpenFor(AccountView account, Caller caller) {
        return account != null && caller.maySee(account.accountId, account.partnerId);
    }

    public static String roleOf(Caller caller) {
        for (String role : new String[] { Roles.ADMIN, Roles.SUPERVISOR, Roles.AGENT, Roles.OPS, Roles.PARTNER }) {
            if (caller.is(role)) {
                return role;
            }
        }
        return Roles.CUSTOMER;
    }

    /** A ticket in a list. */
    public record TicketSummary(UUID id, long number, UUID accountId, UUID partnerId, String kind, String severity,
            String title, String status, String tier, String planType, Instant openedAt) {
        static TicketSummary of(Ticket t) {
            return new TicketSummary(t.id, t.number, t.accountId, t.partnerId, t.kind.name(),
                    t.severity == null ? null : t.severity.name(), t.title, t.status.name(), t.tier, t.planType, t.openedAt);
        }
    }

    /** A page of tickets; {@code nextCursor} continues after the last one (null at the end). */
    public record TicketPage(java.util.List<TicketSummary> items, int size, long total, String nextCursor) {
    }

    /**
     * Tickets the caller may see, filtered by status, account and breached SLA. {@code queue} orders
     * them oldest first, the order an agent serves them (R-S3: an OCCASIONAL account's tickets one at
     * a time); otherwise newest first. Pages by cursor (keyset on opening time and number), or by
     * page number.
     */
    @WithSession
    public Uni<TicketPage> list(java.util.List<Ticket.Status> statuses, UUID accountId, Boolean breached,
            boolean queue, String cursor, int page, int size, Caller caller) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (!caller.isStaff()) {
            if (caller.is(Roles.PARTNER)) {
                where.append(" and t.accountId in (select a.accountId from AccountView a where a.partnerId = :partner)");
                params.put("partner", caller.partnerId().orElse(new UUID(0, 0)));
            } else {
                where.append(" and t.accountId = :own");
                params.put("own", caller.accountId().orElse(new UUID(0, 0)));
            }
        }
        if (accountId != null) {
            where.append(" and t.accountId = :account");
            params.put("account", accountId);
        }
        if (!statuses.isEmpty()) {
            where.append(" and t.status in :statuses");
            params.put("statuses", statuses);
        }
        if (breached != null) {
            where.append(breached ? " and" : " and not").append(
                    " exists (select 1 from SlaBreach b where b.ticketId = t.id)");
        }
        String filter = where.toString();
        StringBuilder keyset = new StringBuilder(filter);
        if (cursor != null) {
            Cursor after = Cursor.parse(cursor);
            keyset.append(queue ? " and (t.openedAt > :afterAt or (t.openedAt = :afterAt and t.number > :afterNumber))"
                    : " and (t.openedAt < :afterAt or (t.openedAt = :afterAt and t.number < :afterNumber))");
            params.put("afterAt", after.openedAt());
            params.put("afterNumber", after.number());
        }
        String order = queue ? " order by t.openedAt, t.number" : " order by t.openedAt desc, t.number desc";
        return Panache.getSession().chain(session -> {
            var items = session.createSelectionQuery("select t from Ticket t" + keyset + order, Ticket.class)
                    .setFirstResult(cursor == null ? page * size : 0).setMaxResults(size);
            var total = session.createSelectionQuery("select count(t) from Ticket t" + filter, Long.class);
            params.forEach((name, value) -> {
                items.setParameter(name, value);
                if (!name.startsWith("after")) {
                    total.setParameter(name, value);
                }
            });
            return items.getResultList().chain(rows -> total.getSingleResult().map(count -> {
                String next = rows.size() < size ? null
                        : new Cursor(rows.getLast().openedAt, rows.getLast().number).encode();
                return new TicketPage(rows.stream().map(TicketSummary::of).toList(), size, count, next);
            }));
        });
    }

    /** Where a page ended: the last ticket's opening time and number, opaque to clients. */
    record Cursor(Instant openedAt, long number) {
        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((openedAt.toString() + "|" + number).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String[] parts = new String(java.util.Base64.getUrlDecoder().decode(text),
                        java.nio.charset.StandardCharsets.UTF_8).split("\\|");
                Cursor cursor = new Cursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
                if (!org.supportdesk.platform.json.UtcInstants.withinYears(cursor.openedAt())) {
                    throw new IllegalArgumentException("cursor out of range");
                }
                return cursor;
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "Invalid cursor",
                        "cursor must be a nextCursor this API answered").with("field", "cursor");
            }
        }
    }
}
