package io.mcpfleet.manager.sleep;

import java.time.Duration;

/**
 * What the sleep policy thinks of a service now.
 *
 * @param sleep    whether it should be put to sleep now
 * @param idleFor  how long it has been idle by the policy's reckoning, or {@code null} when it is not running
 * @param sleepsIn how long until it sleeps if it stays idle, or {@code null} when it will not sleep on its own
 * @param why      a sentence for people: why it sleeps or stays up
 */
public record SleepVerdict(boolean sleep, Duration idleFor, Duration sleepsIn, String why) {

    static SleepVerdict stays(String why) {
        return new SleepVerdict(false, null, null, why);
    }
}
