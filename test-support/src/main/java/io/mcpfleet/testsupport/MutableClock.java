package io.mcpfleet.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move forward instead of sleeping; it stands still otherwise. UTC. */
public final class MutableClock extends Clock {

    /** Where {@link #MutableClock()} starts: a fixed moment, so runs are alike. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    /** Starts at {@link #EPOCH}. */
    public MutableClock() {
        this(EPOCH);
    }

    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Starts at the real time: for code that also compares with times from outside (events, files). */
    public static MutableClock startingNow() {
        return new MutableClock(Instant.now());
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
