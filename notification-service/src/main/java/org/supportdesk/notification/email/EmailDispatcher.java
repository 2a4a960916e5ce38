package org.supportdesk.notification.email;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.supportdesk.platform.Periodic;
import org.supportdesk.platform.persistence.NativeSelects;

/**
 * Sends pending emails: claims a batch ({@link EmailConfig#batchSize}, SKIP LOCKED, shared by
 * replicas) once a second, sends them through the mailer concurrently, each within
 * {@link EmailConfig#timeout}, and records each SENT, or retries it with back-off, FAILED after the last
 * attempt (the mail log shows why). The same shape as the webhook dispatcher, whose calls have a
 * deadline too.
 */
@ApplicationScoped
public class EmailDispatcher {

    private static final Logger LOG = Logger.getLogger(EmailDispatcher.class);

    private record Outcome(UUID id, String error) {
    }

    private final ReactiveMailer mailer;
    private final EmailConfig config;
    private final Clock clock;

    EmailDispatcher(ReactiveMailer mailer, EmailConfig config, Clock clock) {
        this.mailer = mailer;
        this.config = config;
        this.clock = clock;
    }

    private volatile Periodic periodic;

    /** A round a second from three seconds after start-up; a round still running makes the next skip. */
    void start(@Observes StartupEvent event, io.vertx.core.Vertx vertx) {
        periodic = Periodic.start(vertx, "Mail round", Duration.ofSeconds(3), Duration.ofSeconds(1), Periodic.Overlap.SKIP,
                this::dispatch);
    }

    void stop(@Observes ShutdownEvent event) {
        if (periodic != null) {
            periodic.stop();
        }
    }

    Uni<Void> dispatch() {
        return sendDue().onFailure().invoke(e -> LOG.warnf("Mail round failed, mails stay due: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Integer> sendDue() {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                update email_message m set status = 'SENDING', next_attempt_at = :now, attempts = m.attempts + 1
                where m.id in (select id from email_message
                               where (status = 'PENDING' and next_attempt_at <= :now)
                                  or (status = 'SENDING' and next_attempt_at <= :stale)
                               order by next_attempt_at limit :batch for update skip locked)
                returning m.id
                """, UUID.class).setParameter("now", NativeSelects.uncached(now))
                        .setParameter("stale", now.minusSeconds(120)).setParameter("batch", config.batchSize())
                        .getResultList()
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<EmailMessage>of())
                        : s.createSelectionQuery("from EmailMessage where id in :ids", EmailMessage.class)
                                .setParameter("ids", ids).getResultList())))
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // the outcomes come back on the round's context, whose session records them (a deadline
                    // fires on Mutiny's own thread, the mailer answers on its connection's)
                    io.vertx.core.Context round = io.vertx.core.Vertx.currentContext();
                    java.util.concurrent.Executor onRound = task -> round.runOnContext(ignored -> task.run());
                    List<Uni<Outcome>> sends = claimed.stream().map(m -> mailer.send(Mail.withHtml(m.toAddress, m.subject,
                            m.html).setText(m.textBody).addHeader("Message-ID", messageId(m.id)))
                            .ifNoItem().after(config.timeout()).failWith(() -> new java.util.concurrent.TimeoutException(
                                    "the relay did not take the mail within " + config.timeout().toMillis() + " ms"))
                            .map(ok -> new Outcome(m.id, null))
                            .onFailure().recoverWithItem(e -> new Outcome(m.id, String.valueOf(e.getMessage())))
                            .emitOn(onRound)).toList();
                    return Uni.join().all(sends).andCollectFailures().chain(outcomes -> record(outcomes))
                            .replaceWith(claimed.size());
                });
    }

    /**
     * The mail's Message-ID, from its id in the mail log: the same on every attempt, so a mail the relay
     * took although the attempt failed (a time-out after its answer) reaches the reader's client as one,
     * and a received mail leads back to its line in the log.
     */
    static String messageId(UUID id) {
        return "<" + id + "@supportdesk.mail>";
    }

    private Uni<Void> record(List<Outcome> outcomes) {
        Instant now = Instant.now(clock);
        Map<UUID, Outcome> byId = outcomes.stream().collect(Collectors.toMap(Outcome::id, Function.identity()));
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createSelectionQuery("from EmailMessage where id in :ids", EmailMessage.class)
                .setParameter("ids", List.copyOf(byId.keySet())).getResultList()
                .invoke(rows -> rows.forEach(m -> {
                    Outcome o = byId.get(m.id);
                    if (!"SENDING".equals(m.status)) {
                        return;
                    }
                    if (o.error() == null) {
                        m.status = "SENT";
                        m.sentAt = now;
                        m.nextAttemptAt = null;
                    } else {
                        m.lastError = o.error().length() > 500 ? o.error().substring(0, 500) : o.error();
                        if (m.attempts >= config.maxAttempts()) {
                            m.status = "FAILED";
                            m.nextAttemptAt = null;
                        } else {
                            m.status = "PENDING";
                            m.nextAttemptAt = now.plus(retryAfter(m.attempts));
                        }
                    }
                })))).replaceWithVoid();
    }

    /**
     * The wait before the attempt after {@code attempts}: 30 s, doubling, capped at an hour, the webhooks'
     * back-off ({@link org.supportdesk.notification.webhook.WebhookSignature#backoffSeconds}) without jitter.
     */
    static Duration retryAfter(int attempts) {
        return Duration.ofSeconds(org.supportdesk.notification.webhook.WebhookSignature.backoffSeconds(attempts, 30, 0));
    }
}
