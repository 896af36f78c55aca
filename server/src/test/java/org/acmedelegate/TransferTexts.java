package org.acmedelegate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** Zone transfers for the primary's ITs: an unsigned AXFR, and the TXT records of a transfer as comparable text. */
final class TransferTexts {
    private TransferTexts() {}

    /** An AXFR of {@code zone} from {@code at}, sent from {@code from} (null: any address). */
    static List<Record> axfr(Name zone, InetSocketAddress at, InetSocketAddress from) throws Exception {
        ZoneTransferIn transfer = ZoneTransferIn.newAXFR(zone, at, null);
        if (from != null) {
            transfer.setLocalAddress(from);
        }
        transfer.setTimeout(Duration.ofSeconds(30));
        transfer.run();
        return transfer.getAXFR();
    }

    /** The TXT records among {@code records}, each as "owner rdata" in lower case. */
    static TreeSet<String> txt(List<Record> records) {
        TreeSet<String> txt = new TreeSet<>();
        for (Record r : records) {
            if (r.getType() == Type.TXT) {
                txt.add(r.getName().toString().toLowerCase() + " " + r.rdataToString());
            }
        }
        return txt;
    }
}
