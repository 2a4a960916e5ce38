package org.supportdesk.platform;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import java.util.function.BooleanSupplier;

/**
 * A scheduled job's on/off setting: the job's executions are skipped while it is off. Each job names
 * its setting in a one-line subclass ({@code skipExecutionIf = ...Disabled.class}): the outbox relay and
 * housekeeping (the jobs that poll every second run on {@link Periodic}). The subclasses are {@code @Singleton}: for a normal-scoped
 * one's client proxy Quarkus adds a constructor without arguments, which it cannot do over this class's.
 */
public abstract class ScheduleSwitch implements Scheduled.SkipPredicate {

    private final BooleanSupplier on;

    protected ScheduleSwitch(BooleanSupplier on) {
        this.on = on;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !on.getAsBoolean();
    }
}
