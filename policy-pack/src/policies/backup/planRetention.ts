import { PackConfig } from "../../config";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";

type Config = ConformanceConfig & Pick<PackConfig, "minBackupRetentionDays">;

interface Lifecycle {
    readonly deleteAfter?: number;
}

/**
 * Baseline conformance: backup plans keep recovery points (and their copies)
 * at least `minBackupRetentionDays`, and selections name what they back up
 * (resources or a tag condition) through a role. (Copies to another account's
 * vault, or a role of another account, are reported by
 * aws-no-foreign-account-references.)
 *
 * Controls: none in Security Hub (Backup.1 checks recovery point encryption).
 */
export const planRetention = resourcePolicy({
    name: "backup-plan-retention",
    description:
        "Baseline conformance: backup plans and their copies keep recovery points for the retention floor; selections select.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "backup",
    controls: [],
    configKeys: ["conformanceProjects", "minBackupRetentionDays"],
    onUnknown: "defer",
    resourceTypes: [PLAN, SELECTION],
    validateResource: (args, reportViolation) => {
        const cfg = args.getConfig<Config>();
        if (!inConformanceScope(args.urn, cfg)) return;
        const min = cfg.minBackupRetentionDays;
        if (args.type === PLAN)
            for (const rule of asArray<{ ruleName?: string; lifecycle?: Lifecycle; copyActions?: { lifecycle?: Lifecycle }[] }>(
                args.props["rules"] as never,
            )) {
                const d = rule.lifecycle?.deleteAfter;
                if (typeof d === "number" && d < min)
                    reportViolation(`Rule '${rule.ruleName}' deletes recovery points after ${d} days; the floor is ${min}.`);
                for (const c of rule.copyActions ?? []) {
                    const cd = c.lifecycle?.deleteAfter;
                    if (typeof cd === "number" && cd < min)
                        reportViolation(`Rule '${rule.ruleName}' deletes its copies after ${cd} days; the floor is ${min}.`);
                }
            }
        if (args.type === SELECTION) {
            const selects =
                asArray(args.props["resources"] as unknown[]).length > 0 ||
                asArray(args.props["selectionTags"] as unknown[]).length > 0 ||
                args.props["conditions"] !== undefined;
            if (!selects) reportViolation("The selection names no resources and no tag condition: it backs up nothing.");
            if (!args.props["iamRoleArn"]) reportViolation("The selection has no iamRoleArn.");
        }
    },
});
