package org.supportdesk.notification.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How mail is handed to the SMTP relay; the same shape as {@code notification.webhooks}. */
@ConfigMapping(prefix = "notification.email")
public interface EmailConfig {

    /**
     * Mails claimed per round, sent concurrently; a round a second, so a replica hands the relay at most
     * this many mails a second (a relay's or provider's sending rate is the limit to set it to).
     */
    @WithDefault("50")
    int batchSize();
}
