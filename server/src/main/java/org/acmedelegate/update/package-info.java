/**
 * RFC 2136 dynamic update (opcode 5) with a TSIG key per registration: which zone an UPDATE may name,
 * prerequisites and the update section evaluated against one account's TXT values ({@link
 * org.acmedelegate.update.UpdatePlan}), and the change applied through the same service path as the
 * HTTP {@code /update} ({@link org.acmedelegate.update.UpdateProcessor}).
 */
package org.acmedelegate.update;
