package org.supportdesk.ticket.tickets;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** The status clocks of R-T4 and R-T6 through the shared due timers (subject: the ticket id, payload: the stage). */
public final class TicketTimers {

    private TicketTimers() {
    }

    @ApplicationScoped
    public static class PendingCustomer implements TimerHandler {
        private final TicketWorkflow workflow;

        PendingCustomer(TicketWorkflow workflow) {
            this.workflow = workflow;
        }

        @Override
        public String kind() {
            return TicketWorkflow.PENDING_CUSTOMER_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            return workflow.pendingCustomerDue(UUID.fromString(timer.subject), Integer.parseInt(timer.payload));
        }
    }

    @ApplicationScoped
    public static class Resolved implements TimerHandler {
        private final TicketWorkflow workflow;

        Resolved(TicketWorkflow workflow) {
            this.workflow = workflow;
        }

        @Override
        public String kind() {
            return TicketWorkflow.RESOLVED_TIMER;
        }

        @Override
        public Uni<Void> fire(DueTimer timer) {
            return workflow.resolvedDue(UUID.fromString(timer.subject), Integer.parseInt(timer.payload));
        }
    }
}
