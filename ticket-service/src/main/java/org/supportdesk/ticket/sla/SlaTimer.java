package org.supportdesk.ticket.sla;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
        String[] parts = timer.subject.split("/");
        UUID ticketId = UUID.fromString(parts[0]);
        return sla.due(ticketId, SlaPolicy.Target.valueOf(parts[1]))
                .chain(breached -> breached == null ? Uni.createFrom().voidItem()
                        : escalations.onBreach(ticketId, breached.target.name()));
    }
}
