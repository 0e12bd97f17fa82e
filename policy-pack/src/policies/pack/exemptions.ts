import { PackConfig } from "../../config";
import { currentExemptions, exemptionProblems, exemptionStatuses, loadExemptions, noteResource } from "../../exemptions";
import { POLICY_NAMES, resourcePolicy, stackPolicy } from "../../policy";
import { firstUrnParts } from "../../roles";

type Config = Pick<PackConfig, "exemptions">;

/**
 * Holds the exemption list (config `exemptions`) and makes it known to the
 * policies that run after it: it is the pack's first resource policy, and the
 * analyzer runs a resource's policies in pack order. It reports nothing itself;
 * an invalid list stops the run with one error naming every bad entry, key and
 * value, before any exemption could apply.
 */
export const exemptionList = resourcePolicy({
    name: "pack-exemptions",
    description: "Holds the pack's exemptions ({ policy, resource, reason, owner, expires }) for the policies that follow.",
    enforcementLevel: "advisory",
    severity: "low",
    service: "pack",
    controls: [],
    onUnknown: "defer",
    notice: true,
    configKeys: ["exemptions"],
    validateResource: (args) => {
        const { exemptions = [] } = args.getConfig<Config>();
        if (JSON.stringify(exemptions) !== JSON.stringify(currentExemptions().exemptions)) {
            const problems = exemptionProblems(exemptions, [...POLICY_NAMES]);
            if (problems.length > 0) throw new Error(`Invalid exemptions:\n  ${problems.join("\n  ")}`);
            loadExemptions(exemptions);
        }
        noteResource(args.urn);
    },
});

/**
 * Reports, once per stack, every exemption aimed at the stack (its pattern's
 * project/stack part matches): the ones used (with the resources they exempted,
 * the reason, owner and expiry), the expired ones (which no longer exempt), the
 * ones whose resource matched something the policy did not fault, and the ones
 * matching nothing. An auditor sees every exception on every run; none passes silently.
 */
export const exemptionReport = stackPolicy({
    name: "pack-exemptions-report",
    description: "Reports every exemption: used, expired (no longer exempts), not needed, or matching nothing in the stack.",
    enforcementLevel: "advisory",
    severity: "low",
    service: "pack",
    controls: [],
    onUnknown: "defer",
    notice: true,
    validateStack: (args, reportViolation) => {
        const parts = firstUrnParts(args.resources);
        if (!parts) return;
        for (const { exemption: e, status, where } of exemptionStatuses(`${parts.project}/${parts.stack}`)) {
            const what = `Exemption of '${e.resource}' from '${e.policy}' (reason: "${e.reason}"; owner ${e.owner}; expires ${e.expires})`;
            switch (status) {
                case "used":
                    reportViolation(`${what} is in use: the policy is not enforced on ${where.join(", ")}.`);
                    break;
                case "expired":
                    reportViolation(
                        `${what} has expired and no longer exempts anything${where.length ? ` (it matches ${where.join(", ")})` : ""}: renew it with a new date or remove it.`,
                    );
                    break;
                case "unneeded":
                    reportViolation(`${what} matches ${where.join(", ")}, where the policy finds nothing to exempt: remove it.`);
                    break;
                case "unmatched":
                    reportViolation(`${what} matches no resource of this stack.`);
                    break;
            }
        }
    },
});
