package io.mcpfleet.mimic;

public final class Mimic {
    public static void main(String[] args) {
    }
}
