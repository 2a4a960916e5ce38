package org.supportdesk.ticket.tickets;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;

/**
 * How ticket-service's timer handlers (SLA targets, the pending-customer and resolved clocks) take their
 * tickets: a timer batch never waits for a ticket. The transaction holding it (an agent's answer
 * restarting NEXT_UPDATE, the end of an emergency resuming the clocks, a status change) may be waiting
 * to move one of the timers the batch has claimed, and each would wait for the other. The tickets no
 * other transaction holds are locked, in id order, and read as they are; the timers of a held ticket are
 * given back ({@link DueTimers#giveBack}) and fire with a later pass, against the ticket as it then is.
 */
@ApplicationScoped
public class HeldTickets {

    private final TicketRepository tickets;
    private final DueTimers timers;

    HeldTickets(TicketRepository tickets, DueTimers timers) {
        this.tickets = tickets;
        this.timers = timers;
    }

    /**
     * Locks the timers' tickets unless held, gives back the timers of the held ones, and fires the rest
     * ({@code fire}, given the timers in claim order; not called when none is left). A ticket that
     * does not exist is not held: its timers fire, and find nothing to do.
     */
    public Uni<Void> fireUnlessHeld(List<DueTimer> claimed, Function<DueTimer, UUID> ticketOf,
            Function<List<DueTimer>, Uni<Void>> fire) {
        Set<UUID> ids = claimed.stream().map(ticketOf).collect(Collectors.toSet());
        return tickets.lockedUnlessHeld(ids).chain(locked -> {
            Set<UUID> lockedIds = locked.stream().map(ticket -> ticket.id).collect(Collectors.toSet());
            Set<UUID> skipped = ids.stream().filter(id -> !lockedIds.contains(id)).collect(Collectors.toSet());
            return skipped.isEmpty() ? Uni.createFrom().item(Set.<UUID>of()) : tickets.existing(skipped);
        }).chain(held -> {
            List<DueTimer> givenBack = new ArrayList<>();
            List<DueTimer> firing = new ArrayList<>();
            claimed.forEach(timer -> (held.contains(ticketOf.apply(timer)) ? givenBack : firing).add(timer));
            return timers.giveBack(givenBack)
                    .chain(() -> firing.isEmpty() ? Uni.createFrom().voidItem() : fire.apply(firing));
        });
    }
}
