package org.supportdesk.notification.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedMessagesTest {

    @Test
    void ticketOpenedTellsTheNumberInHebrewByDefaultR_N1() {
        FeedMessages.Message he = FeedMessages.ticketOpened("he", 1042, "השרת לא עונה");
        assertThat(he.title()).isEqualTo("פנייה מספר 1042 נפתחה");
        assertThat(he.body()).contains("1042").contains("השרת לא עונה");
    }

    @Test
    void ticketOpenedInEnglishForEnglishAccounts() {
        FeedMessages.Message en = FeedMessages.ticketOpened("en", 7, "Printer jam");
        assertThat(en.title()).isEqualTo("Ticket #7 opened");
        assertThat(en.body()).contains("#7").contains("Printer jam");
    }
}
