package org.supportdesk.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The shared mechanisms' settings, the same keys in every service ({@code supportdesk.*}).
 */
@ConfigMapping(prefix = "supportdesk")
public interface PlatformConfig {

    /** The support center's time zone: service days and business calendars are evaluated in it. */
    @WithDefault("Asia/Jerusalem")
    ZoneId zone();

    Outbox outbox();

    Consumer consumer();

    Timers timers();

    Idempotency idempotency();

    Housekeeping housekeeping();

    Clock clock();

    Security security();

    interface Security {
        /**
         * How many verified bearer tokens are remembered until they expire, so that a token sent again
         * is not verified again ({@code VerifiedTokens}); 0 verifies every request.
         */
        @WithDefault("4096")
        int verifiedTokens();
    }

    /**
     * The service's clock. Off by default; the local stack turns it on so its demo can let days and a
     * month pass (the way billing systems' test clocks do), never a production deployment.
     */
    interface Clock {
        /** Whether ops and admins may move this service's clock forward ({@code POST /api/v1/clock/advance}). */
        @WithDefault("false")
        boolean adjustable();

        /** How far ahead of the system clock the service starts (an adjusted clock kept across a restart). */
        @WithDefault("PT0S")
        Duration offset();
    }

    interface Outbox {
        /** The topic this service publishes its events to, e.g. {@code ticket-events}. */
        String topic();

        /** CloudEvents {@code source} of every event this service publishes, e.g. {@code /ticket-service}. */
        String source();

        /** Whether this instance runs the relay that publishes the outbox to Kafka. */
        @WithDefault("true")
        boolean relayEnabled();

        /** How often the relay looks for unpublished rows in any case (the scheduler's {@code every}: 1s is its shortest). */
        @WithDefault("1s")
        Duration relayInterval();

        /**
         * How long after an append the pass it wakes runs: the appending transaction commits meanwhile,
         * and what other transactions append meanwhile goes with it.
         */
        @WithDefault("100ms")
        Duration relayLinger();

        /** How long after start-up the relay's first pass waits. */
        @WithDefault("5s")
        Duration relayStartDelay();

        /** How many outbox rows one relay pass publishes at most. */
        @WithDefault("500")
        int batchSize();

        /** How long one relay pass waits for the broker's acknowledgements before it gives up and retries later. */
        @WithDefault("10s")
        Duration publishTimeout();
    }

    interface Consumer {
        /**
         * Attempts of one message's effect before it goes to the dead-letter topic. Failures because a
         * dependency is out of reach (PostgreSQL restarting) are not counted: those are waited out.
         */
        @WithDefault("3")
        int maxAttempts();

        /** First back-off between attempts; it doubles each time. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** The longest back-off while a dependency is out of reach. */
        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface Timers {
        /** Whether this instance's scheduler claims and fires due timers. */
        @WithDefault("true")
        boolean enabled();

        /** How often the claimers look for due timers (a Vert.x periodic timer: any length, not whole seconds). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How many claim-and-fire loops one instance runs at once, each on its own event loop. */
        @WithDefault("2")
        int workers();

        /** How many due timers one claim takes at most. */
        @WithDefault("200")
        int batchSize();

        /** Attempts of a failing timer before it is parked as failed. */
        @WithDefault("5")
        int maxAttempts();

        /** Back-off before a failed timer is due again; it doubles each attempt. */
        @WithDefault("5s")
        Duration retryBackoff();

        /**
         * How long a batch's transaction may wait between statements before PostgreSQL ends it (its
         * {@code idle_in_transaction_session_timeout}): the claim of a replica whose node died is
         * released after this, not after TCP's hours, and another fires the timers.
         */
        @WithDefault("1m")
        Duration idleLimit();
    }

    /** Deleting what the platform's tables no longer need ({@code Housekeeping}). */
    interface Housekeeping {
        /** Whether this instance sweeps (any number of replicas may). */
        @WithDefault("true")
        boolean enabled();

        /** How often a sweep runs (each deletes at most 100 batches a table). */
        @WithDefault("10m")
        Duration every();

        /** How long after start-up the first sweep waits. */
        @WithDefault("5m")
        Duration startDelay();

        /** How long a published outbox row is kept (the events are in Kafka). */
        @WithDefault("7d")
        Duration outboxRetention();

        /**
         * How long a consumed event's record is kept: longer than any consumed topic keeps its events (7 days
         * in deploy/k8s, the broker's default here; the dead-letter topics are not consumed), so that none
         * can be delivered again once its record is gone.
         */
        @WithDefault("30d")
        Duration processedRetention();

        /** How long a fired timer's row is kept (a parked one, failed, is kept until ops act on it). */
        @WithDefault("7d")
        Duration timerRetention();

        /** Rows one transaction deletes at most. */
        @WithDefault("5000")
        int batchSize();
    }

    interface Idempotency {
        /** How long a stored answer to an {@code Idempotency-Key} is replayed. */
        @WithDefault("24h")
        Duration retention();
    }
}
