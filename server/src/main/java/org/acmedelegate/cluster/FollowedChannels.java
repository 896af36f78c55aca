package org.acmedelegate.cluster;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The LISTEN/NOTIFY channels a {@link ChangeFollower} listens on beside its change feed, each with the
 * handler of its notifications' payloads (such as the TSIG keys, which re-read the one key that changed).
 * Handlers run on the follower's thread; after each (re)connect, when notifications may have been missed,
 * each gets null instead of a payload.
 */
final class FollowedChannels {
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();

    void add(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        handlers.put(channel, handler);
    }

    /** LISTENs on every channel on the follower's connection. */
    void listen(Statement s) throws SQLException {
        for (String channel : handlers.keySet()) {
            s.execute("LISTEN " + channel);
        }
    }

    /** Hands {@code payload} to the handler of {@code channel}; false when no handler has that channel. */
    boolean deliver(String channel, String payload) {
        Consumer<String> handler = handlers.get(channel);
        if (handler == null) {
            return false;
        }
        handler.accept(payload);
        return true;
    }

    /** Tells every handler that notifications may have been missed. */
    void reconnected() {
        handlers.values().forEach(h -> h.accept(null));
    }
}
