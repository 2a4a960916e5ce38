package org.supportdesk.ticket.tickets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.persistence.NativeSelects;
import org.supportdesk.ticket.accounts.AccountView;

@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, UUID> {

    /**
     * R-E1: an emergency lasting now (started, not ended) that covers the account {@code a.account_id}
     * (a select's where), its row share-locked: a start or an end committing meanwhile (each locks the
     * row) is waited for and seen, and one that comes after waits for the caller's ticket to be written,
     * so it finds the ticket to pause or resume.
     */
    private static final String COVERING_EMERGENCY = """
            select 1 from (select e.started_at from emergency e
                           where e.ended_at is null and (e.all_accounts or a.account_id = any(e.account_ids))
                           for share of e) c
            where c.started_at is not null""";

    /** R-E1: whether an emergency in force covers the account (its tickets' clocks stand still). */
    public Uni<Boolean> coveredByEmergency(UUID accountId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select exists (" + COVERING_EMERGENCY + ") from (select cast(:account as uuid) as account_id) a",
                Boolean.class).setParameter("account", NativeSelects.uncached(accountId)).getSingleResult());
    }

    /**
     * What opening a ticket for an account needs besides the request, read with one statement: the
     * account (its row locked: one account's openings queue, R-S3), whether an emergency in force
     * covers it (R-E1: the clocks start paused), the SLA policy of its plan, else the default one
     * (R-L2; none: the configured one), and the ticket's number. Empty if there is no such account.
     */
    public Uni<java.util.Optional<OpeningFacts>> openingFacts(UUID accountId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select a.account_id, a.partner_id, a.plan_id, a.plan_version, a.plan_type,
                       exists (""" + COVERING_EMERGENCY + """
                       ),
                       (select p.id from sla_policy p
                        where (a.plan_id is not null and a.plan_id = any(p.plan_ids)) or p.is_default
                        order by (a.plan_id is not null and a.plan_id = any(p.plan_ids)) desc, p.created_at desc
                        limit 1),
                       nextval('ticket_number_seq'), a.status
                from account_view a where a.account_id = :account
                for update of a
                """, Object[].class).setParameter("account", NativeSelects.uncached(accountId)).getResultList())
                .map(rows -> rows.stream().findFirst().map(OpeningFacts::of));
    }

    /** {@link #openingFacts}: the account as a plain row (not an entity of the session), and what else was read. */
    public record OpeningFacts(AccountView account, boolean covered, UUID policyId, long number) {
        static OpeningFacts of(Object[] row) {
            AccountView account = new AccountView();
            account.accountId = (UUID) row[0];
            account.partnerId = (UUID) row[1];
            account.planId = (UUID) row[2];
            account.planVersion = row[3] == null ? null : ((Number) row[3]).intValue();
            account.planType = (String) row[4];
            account.status = (String) row[8];
            return new OpeningFacts(account, (Boolean) row[5], (UUID) row[6], ((Number) row[7]).longValue());
        }
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
                .setParameter("finished", TicketStatusPolicy.FINISHED)
                .getResultList());
    }

    /**
     * The tickets no other transaction holds, each row locked for the caller's transaction, in id order,
     * read as they are once locked: work that then changes one writes back nothing older than what
     * another committed before it. A ticket held by another transaction is skipped, not waited for: the
     * caller is work that must never wait for a ticket (a timer batch, holding timers the ticket's holder
     * may be moving). The lock is Hibernate's PESSIMISTIC_WRITE ({@code for no key update}): rows
     * referring to the ticket may still be inserted meanwhile.
     */
    Uni<List<Ticket>> lockedUnlessHeld(java.util.Collection<UUID> ids) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select * from ticket where id = any(cast(:ids as uuid[])) order by id "
                        + "for no key update skip locked", Ticket.class)
                .setParameter("ids", NativeSelects.uncached(ids.toArray(UUID[]::new)))
                .getResultList());
    }

    /** Which of these tickets exist, read without a lock. */
    Uni<java.util.Set<UUID>> existing(java.util.Collection<UUID> ids) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select id from ticket where id = any(cast(:ids as uuid[]))", UUID.class)
                .setParameter("ids", NativeSelects.uncached(ids.toArray(UUID[]::new)))
                .getResultList())
                .map(java.util.Set::copyOf);
    }
}
