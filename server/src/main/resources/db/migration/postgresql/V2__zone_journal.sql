-- The zone's change history for IXFR, and the position whose low 32 bits are the SOA serial.
CREATE TABLE zone_journal (
    position BIGINT PRIMARY KEY,
    changed_at BIGINT NOT NULL,
    change TEXT NOT NULL
);
CREATE TABLE zone_position (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position BIGINT NOT NULL
);
