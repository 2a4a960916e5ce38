package org.supportdesk.ticket.sla;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.DueTimers;
import org.supportdesk.platform.timer.TimerHandler;
import org.supportdesk.ticket.emergency.Emergencies;
import org.supportdesk.ticket.escalation.EscalationService;
import org.supportdesk.ticket.tickets.HeldTickets;

/** R-L5, R-T8: a target's due time came: breach it if still running, then escalate. */
@ApplicationScoped
public class SlaTimer implements TimerHandler {

    private final SlaService sla;
    private final EscalationService escalations;
    private final HeldTickets held;
    private final Emergencies emergencies;
    private final DueTimers timers;

    SlaTimer(SlaService sla, EscalationService escalations, HeldTickets held, Emergencies emergencies, DueTimers timers) {
        this.held = held;
        this.emergencies = emergencies;
        this.timers = timers;
        this.sla = sla;
        this.escalations = escalations;
    }

    @Override
    public String kind() {
        return SlaService.DUE_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return fireAll(List.of(timer));
    }

    /**
     * The batch's tickets locked first, as a transition locks its ticket before its targets (a transition
     * committed meanwhile is seen, never written over), never waited for ({@link HeldTickets}); then
     * the running targets read at once, each breached and escalated in turn; those an emergency's start
     * not made yet would have paused are given back to fire after it ({@link Emergencies#startingBefore}).
     */
    @Override
    public Uni<Void> fireAll(List<DueTimer> claimed) {
        return held.fireUnlessHeld(claimed, timer -> key(timer).ticketId(),
                firing -> sla.runningAmong(firing.stream().map(SlaTimer::key).toList())
                        .chain(running -> emergencies.startingBefore(running).chain(waiting -> timers
                                .giveBack(firing.stream().filter(timer -> waiting.contains(key(timer))).toList())
                                .chain(() -> breached(running.stream()
                                        .filter(row -> !waiting.contains(new SlaTargetRow.Key(row.ticketId, row.target)))
                                        .toList())))));
    }

    private static SlaTargetRow.Key key(DueTimer timer) {
        String[] parts = timer.subject.split("/");
        return new SlaTargetRow.Key(UUID.fromString(parts[0]), SlaPolicy.Target.valueOf(parts[1]));
    }

    private Uni<Void> breached(List<SlaTargetRow> running) {
        return Multi.createFrom().iterable(running).onItem()
                .transformToUniAndConcatenate(row -> sla.due(row).chain(breached -> breached == null
                        ? Uni.createFrom().voidItem() : escalations.onBreach(breached.ticketId, breached.target.name())))
                .collect().last().replaceWithVoid();
    }
}
