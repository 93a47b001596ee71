package io.mcpfleet.bench;

/** Sleeps that keep the interrupt. */
final class Sleep {

    private Sleep() {
    }

    static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
