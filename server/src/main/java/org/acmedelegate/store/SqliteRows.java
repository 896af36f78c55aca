package org.acmedelegate.store;

/** The root cause of a store failure, as the stores report it. */
final class SqliteRows {
    private SqliteRows() {}

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
