package org.supportdesk.platform.testing;

import java.time.Duration;
import org.supportdesk.platform.OffsetClock;

/**
 * The system clock moved by an offset the tests set, so timers come due when a test lets days pass
 * (or goes back to a day it needs). A service's tests declare it as their clock bean with a one-line
 * {@code @Singleton} subclass, which replaces the default clock; every test that moves it puts it back.
 */
public class TestClock extends OffsetClock {

    public TestClock() {
        super(Duration.ZERO);
    }

    public void advance(Duration by) {
        offset(offset().plus(by));
    }

    public void reset() {
        offset(Duration.ZERO);
    }
}
