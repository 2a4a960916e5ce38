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

    /**
     * R-E1: an emergency was declared; customers are told at once. One declared ahead says from when
     * ({@code startsLocal}, the support center's date, time and zone; null: in force now).
     */
    public static Message emergencyDeclared(String language, String title, String message, String startsLocal) {
        if ("en".equals(language)) {
            return new Message("Emergency: " + title, message + (startsLocal == null
                    ? " Response times are suspended until it ends."
                    : " From " + startsLocal + ", response times are suspended until it ends."));
        }
        return new Message("מצב חירום: " + title, message + (startsLocal == null
                ? " זמני התגובה מושהים עד לסיומו."
                : " החל מ-" + startsLocal + " זמני התגובה מושהים עד לסיומו."));
    }

    /** R-E1: the emergency ended; clocks run again. */
    public static Message emergencyEnded(String language, String title) {
        if ("en".equals(language)) {
            return new Message("Emergency over: " + title, "Service is back to normal and response times apply again.");
        }
        return new Message("מצב החירום הסתיים: " + title, "השירות חזר לשגרה וזמני התגובה חלים שוב.");
    }
}
