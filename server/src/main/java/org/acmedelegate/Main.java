package org.acmedelegate;

/** Placeholder. */
public final class Main {
    public static void main(String[] args) {
    }
}
