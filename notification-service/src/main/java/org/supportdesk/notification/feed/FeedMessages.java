package org.supportdesk.notification.feed;

/**
 * The words of in-app notifications, in Hebrew and English (R-N1). Pure: no I/O, one method per
 * event kind.
 */
public final class FeedMessages {

    public record Message(String title, String body) {
    }

    private FeedMessages() {
    }

    /** R-N1: "ticket opened, with its number". */
    public static Message ticketOpened(String language, long number, String ticketTitle) {
        if ("en".equals(language)) {
            return new Message("Ticket #" + number + " opened",
                    "We received your ticket #" + number + ": " + ticketTitle + ". We will keep you posted here.");
        }
        return new Message("פנייה מספר " + number + " נפתחה",
                "קיבלנו את פנייתך מספר " + number + ": " + ticketTitle + ". נעדכן אותך כאן בכל שינוי.");
    }
}
