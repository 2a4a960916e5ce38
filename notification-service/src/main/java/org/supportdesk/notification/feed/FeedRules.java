package org.supportdesk.notification.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * R-N1: which event tells the customer what, in Hebrew or English. Pure: given an event type and its
 * data, the notification's kind, subject and words, or nothing when the event is not for customers.
 */
public final class FeedRules {

    /** What a customer is told. */
    public record Told(String kind, String subject, FeedMessages.Message message) {
    }

    private FeedRules() {
    }

    public static Optional<Told> of(String type, JsonNode d, String language) {
        boolean en = "en".equals(language);
        String name = type.substring(type.lastIndexOf('.', type.length() - 4) + 1, type.length() - 3);
        return switch (name) {
            case "ticket-opened" -> Optional.of(new Told(name, text(d, "ticketId"),
                    FeedMessages.ticketOpened(language, d.path("number").asLong(), text(d, "title"))));
            case "ticket-status-changed" -> Optional.of(new Told(name, text(d, "ticketId"), en
                    ? new FeedMessages.Message("Ticket #" + d.path("number").asLong() + " is " + status(text(d, "to"), true),
                            "Your ticket #" + d.path("number").asLong() + " is now " + status(text(d, "to"), true)
                                    + reason(d, true))
                    : new FeedMessages.Message("פנייה " + d.path("number").asLong() + ": " + status(text(d, "to"), false),
                            "פנייתך מספר " + d.path("number").asLong() + " במצב " + status(text(d, "to"), false)
                                    + reason(d, false))));
            case "customer-prompted" -> Optional.of(new Told(name, text(d, "ticketId"), prompt(d, en)));
            case "ticket-escalated" -> Optional.of(new Told(name, text(d, "ticketId"), en
                    ? new FeedMessages.Message("Ticket #" + d.path("number").asLong() + " escalated",
                            "Your ticket was escalated to " + level(text(d, "to"), true) + ".")
                    : new FeedMessages.Message("פנייה " + d.path("number").asLong() + " הועברה לדרג גבוה יותר",
                            "פנייתך הועברה אל " + level(text(d, "to"), false) + ".")));
            case "session-started" -> Optional.of(new Told(name, text(d, "ticketId"), en
                    ? new FeedMessages.Message("Remote session started", "A technician connected to your device.")
                    : new FeedMessages.Message("החיבור מרחוק החל", "טכנאי התחבר למחשב שלך.")));
            case "session-closed" -> Optional.of(new Told(name, text(d, "ticketId"), en
                    ? new FeedMessages.Message("Remote session ended", "The session lasted " + minutes(d) + " minute(s).")
                    : new FeedMessages.Message("החיבור מרחוק הסתיים", "משך החיבור: " + minutes(d) + " דקות.")));
            case "invoice-issued" -> Optional.of(new Told(name, text(d, "invoiceId"), en
                    ? new FeedMessages.Message("Invoice " + d.path("number").asLong() + " issued",
                            "Total " + money(d.path("total")) + ", VAT included.")
                    : new FeedMessages.Message("הופקה חשבונית " + d.path("number").asLong(),
                            "סה\"כ " + money(d.path("total")) + " כולל מע\"מ.")));
            case "payment-failed" -> Optional.of(new Told(name, text(d, "invoiceId"), en
                    ? new FeedMessages.Message("Payment failed", "We could not charge " + money(d.path("amount"))
                            + ": " + text(d, "reason") + ". Please check your payment details.")
                    : new FeedMessages.Message("החיוב נכשל", "לא הצלחנו לחייב " + money(d.path("amount")) + ": "
                            + text(d, "reason") + ". אנא בדוק את פרטי התשלום.")));
            case "account-frozen" -> Optional.of(new Told(name, text(d, "accountId"), en
                    ? new FeedMessages.Message("Your account is frozen",
                            "You can open tickets, but we cannot serve them until the freeze is lifted.")
                    : new FeedMessages.Message("החשבון שלך הוקפא", "ניתן לפתוח פניות, אך לא נוכל לטפל בהן עד להסרת ההקפאה.")));
            // R-S7: a freeze given with notice is told when it is given, with the day it starts
            case "account-freeze-scheduled" -> Optional.of(new Told(name, text(d, "accountId"), en
                    ? new FeedMessages.Message("Your account will be frozen on " + text(d, "startsOn"),
                            "From " + text(d, "startsOn") + " you can open tickets, but we cannot serve them until the "
                                    + "freeze is lifted. Please contact us before then.")
                    : new FeedMessages.Message("החשבון שלך יוקפא ב-" + text(d, "startsOn"),
                            "החל מ-" + text(d, "startsOn") + " ניתן יהיה לפתוח פניות, אך לא נוכל לטפל בהן עד להסרת "
                                    + "ההקפאה. אנא צור איתנו קשר לפני כן.")));
            case "account-unfrozen" -> Optional.of(new Told(name, text(d, "accountId"),
                    d.path("started").asBoolean(true)
                            ? (en ? new FeedMessages.Message("Your account is active again", "The freeze was lifted.")
                                    : new FeedMessages.Message("החשבון שלך פעיל שוב", "ההקפאה הוסרה."))
                            : (en ? new FeedMessages.Message("Your account will not be frozen",
                                    "The freeze we told you of is cancelled.")
                                    : new FeedMessages.Message("החשבון שלך לא יוקפא", "ההקפאה שהודענו עליה בוטלה."))));
            case "subscription-changed" -> Optional.of(new Told(name, text(d, "planId"), en
                    ? new FeedMessages.Message("Your plan: " + text(d, "planName"),
                            "From " + text(d, "effectiveOn") + " you are in " + text(d, "planName") + ".")
                    : new FeedMessages.Message("המסלול שלך: " + text(d, "planName"),
                            "החל מ-" + text(d, "effectiveOn") + " אתה במסלול " + text(d, "planName") + ".")));
            case "wallet-credited" -> Optional.of(new Told(name, text(d, "creditId"), en
                    ? new FeedMessages.Message("Credit added", "Your wallet was credited " + credit(d, true) + ".")
                    : new FeedMessages.Message("זיכוי נוסף", "הארנק שלך זוכה ב-" + credit(d, false) + ".")));
            default -> Optional.empty();
        };
    }

    private static FeedMessages.Message prompt(JsonNode d, boolean en) {
        long n = d.path("number").asLong();
        return switch (text(d, "prompt")) {
            case "CONTACT_ATTEMPT" -> en
                    ? new FeedMessages.Message("We are waiting for you on ticket #" + n, "Please answer so we can go on.")
                    : new FeedMessages.Message("אנחנו ממתינים לך בפנייה " + n, "אנא השב כדי שנוכל להמשיך.");
            case "CONFIRMATION_REMINDER" -> en
                    ? new FeedMessages.Message("Reminder: confirm ticket #" + n, "Is the problem solved? Confirm or reopen.")
                    : new FeedMessages.Message("תזכורת: אישור פנייה " + n, "האם הבעיה נפתרה? אשר או פתח מחדש.");
            default -> en
                    ? new FeedMessages.Message("Please confirm ticket #" + n, "We resolved your ticket. Confirm or reopen.")
                    : new FeedMessages.Message("נא לאשר את פנייה " + n, "פתרנו את פנייתך. אשר או פתח מחדש.");
        };
    }

    /** A ticket status in the reader's words, as the feed and the ticket report (R-T10) say it. */
    public static String status(String status, boolean en) {
        return switch (status) {
            case "IN_PROGRESS" -> en ? "in progress" : "בטיפול";
            case "PENDING_CUSTOMER" -> en ? "waiting for you" : "ממתינה לתגובתך";
            case "PENDING_VENDOR" -> en ? "waiting for the vendor" : "ממתינה לספק";
            case "RESOLVED" -> en ? "resolved" : "נפתרה";
            case "CLOSED" -> en ? "closed" : "נסגרה";
            case "CANCELLED" -> en ? "cancelled" : "בוטלה";
            default -> en ? "new" : "חדשה";
        };
    }

    private static String level(String level, boolean en) {
        return switch (level) {
            case "HEAD_OF_SUPPORT" -> en ? "the Head of Support" : "ראש מערך התמיכה";
            case "CCO" -> en ? "the customer-success executive" : "סמנכ\"ל חוויית לקוח";
            case "T4" -> en ? "the software vendor" : "יצרן התוכנה";
            default -> en ? "a senior technician (" + level + ")" : "טכנאי בכיר (" + level + ")";
        };
    }

    private static String reason(JsonNode d, boolean en) {
        String reason = text(d, "reason");
        return reason.isEmpty() ? "." : (en ? ": " : ": ") + reason;
    }

    private static long minutes(JsonNode d) {
        return (d.path("seconds").asLong() + 59) / 60;
    }

    private static String credit(JsonNode d, boolean en) {
        StringBuilder s = new StringBuilder();
        if (d.path("minutes").isNumber()) {
            s.append(d.path("minutes").asInt()).append(en ? " minutes" : " דקות");
        }
        if (d.path("cash").isObject()) {
            if (!s.isEmpty()) {
                s.append(en ? " and " : " ו-");
            }
            s.append(money(d.path("cash")));
        }
        return s.toString();
    }

    private static String money(JsonNode m) {
        String amount = m.path("amount").asText("0");
        return ("ILS".equals(m.path("currency").asText("ILS")) ? "₪" : m.path("currency").asText() + " ") + amount;
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }
}
