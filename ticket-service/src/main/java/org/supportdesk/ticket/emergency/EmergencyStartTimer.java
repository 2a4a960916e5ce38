package org.supportdesk.ticket.emergency;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.supportdesk.platform.timer.DueTimer;
import org.supportdesk.platform.timer.TimerHandler;

/** R-E1: an emergency declared to start later pauses the clocks of the tickets it covers at its start. */
@ApplicationScoped
public class EmergencyStartTimer implements TimerHandler {

    private final Emergencies emergencies;

    EmergencyStartTimer(Emergencies emergencies) {
        this.emergencies = emergencies;
    }

    @Override
    public String kind() {
        return Emergencies.START_TIMER;
    }

    @Override
    public Uni<Void> fire(DueTimer timer) {
        return emergencies.startDue(timer);
    }
}
