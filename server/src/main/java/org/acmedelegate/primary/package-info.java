/**
 * acme-delegate as a (hidden) primary for standard secondaries: the zone journal whose position gives the
 * SOA serial and whose history answers IXFR ({@link org.acmedelegate.primary.ZoneJournal}), zone transfers
 * over TCP streamed in signed messages ({@link org.acmedelegate.primary.ZoneTransfer}), who may transfer
 * ({@link org.acmedelegate.primary.TransferAccess}) and the NOTIFY sender
 * ({@link org.acmedelegate.primary.Notifier}).
 */
package org.acmedelegate.primary;
