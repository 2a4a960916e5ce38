package org.supportdesk.notification.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How mail is handed to the SMTP relay; the same shape as {@code notification.webhooks}. */
@ConfigMapping(prefix = "notification.email")
public interface EmailConfig {

    /**
     * Mails claimed per round, sent concurrently; a round a second, so a replica hands the relay at most
     * this many mails a second (a relay's or provider's sending rate is the limit to set it to).
     */
    @WithDefault("50")
    int batchSize();

    /**
     * How long the relay may take to take one mail, from the wait for one of the mailer's pooled
     * connections to the relay's answer to the mail's end. A relay that stops answering (a connection
     * it accepted and never greets, a half-open one) fails the attempt there, retried with back-off, and
     * the round ends; the mailer itself waits without limit, and the next rounds waited behind it, so no
     * mail went out until the relay closed the connection. Well under the two minutes after which a mail
     * left SENDING is claimed again. The mailer cannot take a send back: one past its deadline may still
     * reach the relay later (when it answers, or when a pooled connection frees up), and the retry sends
     * it again under the same Message-ID, which the reader's client shows as one mail.
     */
    @WithDefault("30s")
    Duration timeout();

    /**
     * Attempts before a mail is FAILED. The waits start at 30 s and double, capped at an hour: with the
     * default they add up to about 5 hours, so a relay down for a while loses no invoice or
     * payment-failure mail.
     */
    @WithDefault("12")
    int maxAttempts();
}
