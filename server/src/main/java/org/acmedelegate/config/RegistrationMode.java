package org.acmedelegate.config;

/** Who may call {@code POST /register}: anyone, holders of a configured token, or nobody (administrators only). */
public enum RegistrationMode {
    OPEN,
    TOKEN,
    CLOSED
}
