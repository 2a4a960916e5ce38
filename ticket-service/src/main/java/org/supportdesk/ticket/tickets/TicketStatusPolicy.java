package org.supportdesk.ticket.tickets;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.supportdesk.ticket.tickets.Ticket.Status;

/** R-T2, R-T3, R-T4, R-T6: which status changes exist, and who may make each. Pure. */
public final class TicketStatusPolicy {

    /** Who acts: the customer (or its partner), staff (agents and up), or the service's own timers. */
    public enum Actor { CUSTOMER, STAFF, SYSTEM }

    public sealed interface Decision {
        record Allowed() implements Decision {
        }

        /** Not a transition of the status model from this status. */
        record NoSuchTransition(String detail) implements Decision {
        }

        /** A transition, but not this actor's to make. */
        record NotYours(String detail) implements Decision {
        }
    }

    private static final Set<Actor> STAFF = EnumSet.of(Actor.STAFF);
    private static final Set<Actor> STAFF_OR_SYSTEM = EnumSet.of(Actor.STAFF, Actor.SYSTEM);
    private static final Set<Actor> ANYONE = EnumSet.allOf(Actor.class);
    private static final Set<Actor> CUSTOMER_OR_STAFF = EnumSet.of(Actor.CUSTOMER, Actor.STAFF);

    /** from → (to → who may). */
    private static final Map<Status, Map<Status, Set<Actor>>> MODEL = Map.of(
            Status.NEW, Map.of(
                    Status.IN_PROGRESS, STAFF_OR_SYSTEM, // an agent takes it (or starts a session)
                    Status.CANCELLED, ANYONE, // R-T3: the customer may cancel while NEW; R-S8: closure cancels it
                    Status.CLOSED, EnumSet.of(Actor.SYSTEM)), // R-S6: closed, and re-opened under the new plan
            Status.IN_PROGRESS, Map.of(
                    Status.PENDING_CUSTOMER, STAFF,
                    Status.PENDING_VENDOR, STAFF, // R-T5, with the vendor's ticket number
                    Status.RESOLVED, STAFF,
                    Status.CANCELLED, STAFF), // R-T3: once taken, only an agent cancels, at the customer's request
            Status.PENDING_CUSTOMER, Map.of(
                    Status.IN_PROGRESS, CUSTOMER_OR_STAFF, // the customer replied
                    Status.RESOLVED, STAFF_OR_SYSTEM, // R-T4: no reply after 6 business days
                    Status.CANCELLED, STAFF),
            Status.PENDING_VENDOR, Map.of(
                    Status.IN_PROGRESS, STAFF,
                    Status.RESOLVED, STAFF,
                    Status.CANCELLED, STAFF),
            Status.RESOLVED, Map.of(
                    Status.CLOSED, ANYONE, // R-T6: confirmed, closed by staff, or auto-closed
                    Status.IN_PROGRESS, CUSTOMER_OR_STAFF), // rejected or re-opened
            Status.CLOSED, Map.of(),
            Status.CANCELLED, Map.of());

    private TicketStatusPolicy() {
    }

    public static Decision decide(Status from, Status to, Actor actor) {
        Set<Actor> allowed = MODEL.get(from).get(to);
        if (allowed == null) {
            return new Decision.NoSuchTransition(from == to ? "The ticket is already " + to
                    : from + " cannot become " + to + (MODEL.get(from).isEmpty() ? " (" + from + " is final)"
                            : "; it can become " + MODEL.get(from).keySet().stream().sorted().toList()));
        }
        if (!allowed.contains(actor)) {
            return new Decision.NotYours(from == Status.IN_PROGRESS || from == Status.PENDING_CUSTOMER
                    || from == Status.PENDING_VENDOR
                    ? "Once an agent took the ticket, only an agent may make it " + to
                    : "Only " + allowed.stream().sorted().map(a -> a.name().toLowerCase()).toList() + " may make a "
                            + from + " ticket " + to);
        }
        return new Decision.Allowed();
    }

    /** The statuses in which handling of a ticket is over (for queues, closure, emergencies and R-B11). */
    public static final java.util.List<Status> FINISHED = java.util.List.of(Status.RESOLVED, Status.CLOSED, Status.CANCELLED);

    /** Whether handling of a ticket in this status is over: one of {@link #FINISHED}. */
    public static boolean isFinished(Status status) {
        return FINISHED.contains(status);
    }
}
