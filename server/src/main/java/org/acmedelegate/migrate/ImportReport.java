package org.acmedelegate.migrate;

import java.time.Duration;

/** The text an import prints: counts of accounts and values, then each skipped row with its reason. */
public final class ImportReport {
    private ImportReport() {}

    public static String text(ImportPlan plan, String target, Duration lifetime, boolean dryRun) {
        String verb = dryRun ? "to import" : "imported";
        StringBuilder out = new StringBuilder();
        out.append(dryRun ? "dry run: " : "")
                .append("import from acme-dns database ")
                .append(plan.source())
                .append(" into ")
                .append(target)
                .append('\n');
        long skippedAccounts = plan.skipped().stream()
                .filter(s -> s.row().startsWith("records "))
                .count();
        long skippedValues = plan.skipped().size() - skippedAccounts;
        out.append("accounts: ")
                .append(plan.sourceAccounts())
                .append(" in the source, ")
                .append(plan.accounts().size())
                .append(' ')
                .append(verb)
                .append(", ")
                .append(plan.accountsAlreadyThere())
                .append(" already there, ")
                .append(skippedAccounts)
                .append(" skipped\n");
        out.append("values: ")
                .append(plan.sourceValues())
                .append(" in the source, ")
                .append(plan.values().size())
                .append(' ')
                .append(verb)
                .append(", ")
                .append(plan.valuesAlreadyThere())
                .append(" already there, ")
                .append(skippedValues)
                .append(" skipped\n");
        if (plan.expiredValues() > 0) {
            out.append("note: ")
                    .append(plan.expiredValues())
                    .append(" of the values ")
                    .append(verb)
                    .append(" are older than txt.lifetime (")
                    .append(lifetime.toSeconds())
                    .append(" s): they are expired and not answered\n");
        }
        for (SkippedRow row : plan.skipped()) {
            out.append("skipped ").append(row).append('\n');
        }
        if (dryRun) {
            out.append("dry run: nothing written\n");
        } else if (plan.empty()) {
            out.append("nothing new: the target already holds everything that can be imported\n");
        }
        return out.toString();
    }
}
