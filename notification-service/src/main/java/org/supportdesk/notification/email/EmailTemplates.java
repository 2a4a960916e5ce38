package org.supportdesk.notification.email;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.supportdesk.notification.feed.FeedMessages;

/** R-N1: renders a notification as an email, HTML and text; Hebrew right to left. */
@ApplicationScoped
public class EmailTemplates {

    public record Rendered(String subject, String html, String text) {
    }

    private final Template html;
    private final Template text;
    private final String seller;

    EmailTemplates(@Location("emails/notification.html") Template html, @Location("emails/notification.txt") Template text,
            @ConfigProperty(name = "notification.email.seller", defaultValue = "Support Desk") String seller) {
        this.html = html;
        this.text = text;
        this.seller = seller;
    }

    public Rendered render(FeedMessages.Message message, String language) {
        String lang = "en".equals(language) ? "en" : "he";
        return new Rendered(message.title(),
                html.data("title", message.title()).data("body", message.body()).data("language", lang)
                        .data("seller", seller).render(),
                text.data("title", message.title()).data("body", message.body()).data("language", lang)
                        .data("seller", seller).render());
    }
}
