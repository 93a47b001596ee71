package io.mcpfleet.manager.lifecycle;

/** Engine-level container state (Docker's {@code State.Status}). */
public enum ContainerStatus {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD
}
