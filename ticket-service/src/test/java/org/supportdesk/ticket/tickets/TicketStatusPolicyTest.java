package org.supportdesk.ticket.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.supportdesk.ticket.tickets.Ticket.Status;
import org.supportdesk.ticket.tickets.TicketStatusPolicy.Actor;
import org.supportdesk.ticket.tickets.TicketStatusPolicy.Decision;

class TicketStatusPolicyTest {

    static Decision decide(Status from, Status to, Actor actor) {
        return TicketStatusPolicy.decide(from, to, actor);
    }

    @Test
    void rT2_theStatusModelsForwardPath() {
        assertThat(decide(Status.NEW, Status.IN_PROGRESS, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.IN_PROGRESS, Status.PENDING_CUSTOMER, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.PENDING_CUSTOMER, Status.IN_PROGRESS, Actor.CUSTOMER)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.IN_PROGRESS, Status.PENDING_VENDOR, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.PENDING_VENDOR, Status.IN_PROGRESS, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.IN_PROGRESS, Status.RESOLVED, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.RESOLVED, Status.CLOSED, Actor.CUSTOMER)).isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void rT2_resolvedMayReopenButClosedAndCancelledAreFinal() {
        assertThat(decide(Status.RESOLVED, Status.IN_PROGRESS, Actor.CUSTOMER)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.RESOLVED, Status.IN_PROGRESS, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.CLOSED, Status.IN_PROGRESS, Actor.STAFF)).isInstanceOf(Decision.NoSuchTransition.class);
        assertThat(decide(Status.CANCELLED, Status.NEW, Actor.STAFF)).isInstanceOf(Decision.NoSuchTransition.class);
        assertThat(decide(Status.NEW, Status.RESOLVED, Actor.STAFF)).isInstanceOf(Decision.NoSuchTransition.class);
        assertThat(decide(Status.NEW, Status.NEW, Actor.STAFF)).isInstanceOf(Decision.NoSuchTransition.class);
    }

    @Test
    void rT3_theCustomerCancelsOnlyWhileNew() {
        assertThat(decide(Status.NEW, Status.CANCELLED, Actor.CUSTOMER)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.IN_PROGRESS, Status.CANCELLED, Actor.CUSTOMER)).isInstanceOf(Decision.NotYours.class);
        assertThat(decide(Status.IN_PROGRESS, Status.CANCELLED, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.PENDING_VENDOR, Status.CANCELLED, Actor.STAFF)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.RESOLVED, Status.CANCELLED, Actor.STAFF)).isInstanceOf(Decision.NoSuchTransition.class);
    }

    @Test
    void customersDoNotTakeResolveOrParkTickets() {
        assertThat(decide(Status.NEW, Status.IN_PROGRESS, Actor.CUSTOMER)).isInstanceOf(Decision.NotYours.class);
        assertThat(decide(Status.IN_PROGRESS, Status.RESOLVED, Actor.CUSTOMER)).isInstanceOf(Decision.NotYours.class);
        assertThat(decide(Status.IN_PROGRESS, Status.PENDING_CUSTOMER, Actor.CUSTOMER)).isInstanceOf(Decision.NotYours.class);
    }

    @Test
    void rT4_rT6_timersResolveUnansweredAndCloseUnconfirmedTickets() {
        assertThat(decide(Status.PENDING_CUSTOMER, Status.RESOLVED, Actor.SYSTEM)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.RESOLVED, Status.CLOSED, Actor.SYSTEM)).isInstanceOf(Decision.Allowed.class);
        assertThat(decide(Status.IN_PROGRESS, Status.RESOLVED, Actor.SYSTEM)).isInstanceOf(Decision.NotYours.class);
    }

    @Test
    void handlingIsFinishedOnceResolved() {
        assertThat(TicketStatusPolicy.isFinished(Status.RESOLVED)).isTrue();
        assertThat(TicketStatusPolicy.isFinished(Status.CANCELLED)).isTrue();
        assertThat(TicketStatusPolicy.isFinished(Status.PENDING_VENDOR)).isFalse();
    }
}
