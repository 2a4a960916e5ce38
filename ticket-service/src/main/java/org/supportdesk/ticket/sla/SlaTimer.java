package org.supportdesk.ticket.sla;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;
import org.supportdesk.ticket.escalation.EscalationService;

/** R-L5, R-T8: a target's due time came: breach it if still running, then escalate. */
@ApplicationScoped
public class SlaTimer implements TimerHandler {

    private final SlaService sla;
    private final EscalationService escalations;

    SlaTimer(SlaService sla, EscalationService escalations) {
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

    /** The batch's running targets read at once, then each breached and escalated in turn, in order. */
    @Override
    public Uni<Void> fireAll(List<DueTimer> timers) {
        List<SlaTargetRow.Key> keys = timers.stream().map(timer -> {
            String[] parts = timer.subject.split("/");
            return new SlaTargetRow.Key(UUID.fromString(parts[0]), SlaPolicy.Target.valueOf(parts[1]));
        }).toList();
        return sla.runningAmong(keys).chain(running -> Multi.createFrom().iterable(running).onItem()
                .transformToUniAndConcatenate(row -> sla.due(row).chain(breached -> breached == null
                        ? Uni.createFrom().voidItem() : escalations.onBreach(breached.ticketId, breached.target.name())))
                .collect().last().replaceWithVoid());
    }
}
