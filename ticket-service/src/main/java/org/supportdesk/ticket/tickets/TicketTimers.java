package org.supportdesk.ticket.tickets;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** The status clocks of R-T4 and R-T6 through the shared due timers (subject: the ticket id, payload: the stage). */
public final class TicketTimers {

    private TicketTimers() {
    }

    /** The clock's ticket; its timer given back while another transaction holds the ticket ({@link HeldTickets}). */
    static UUID ticketOf(DueTimer timer) {
        return UUID.fromString(timer.subject);
    }

    @ApplicationScoped
    public static class PendingCustomer implements TimerHandler {
        private final TicketWorkflow workflow;
        private final HeldTickets held;

        PendingCustomer(TicketWorkflow workflow, HeldTickets held) {
            this.workflow = workflow;
            this.held = held;
        }

        @Override
        public String kind() {
            return TicketWorkflow.PENDING_CUSTOMER_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            return held.fireUnlessHeld(List.of(timer), TicketTimers::ticketOf,
                    firing -> workflow.pendingCustomerDue(ticketOf(timer), Integer.parseInt(timer.payload)));
        }
    }

    @ApplicationScoped
    public static class Resolved implements TimerHandler {
        private final TicketWorkflow workflow;
        private final HeldTickets held;

        Resolved(TicketWorkflow workflow, HeldTickets held) {
            this.workflow = workflow;
            this.held = held;
        }

        @Override
        public String kind() {
            return TicketWorkflow.RESOLVED_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            return held.fireUnlessHeld(List.of(timer), TicketTimers::ticketOf,
                    firing -> workflow.resolvedDue(ticketOf(timer), Integer.parseInt(timer.payload)));
        }
    }
}
