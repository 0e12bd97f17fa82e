import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope, projectOf } from "../../conformance";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";

const RULE = "aws:cfg/rule:Rule";
const REMEDIATION = "aws:cfg/remediationConfiguration:RemediationConfiguration";

type Config = ConformanceConfig &
    Pick<PackConfig, "detectionProject" | "requiredConfigRules" | "requiredRemediations" | "detectionOnlyRegions">;

const sourceOf = (r: PolicyResource) =>
    (r.props["source"] as { owner?: string; sourceIdentifier?: string } | undefined)?.sourceIdentifier;

/**
 * Baseline conformance: the detection layer keeps its AWS Config rules and
 * their automatic remediations. Every stack of `detectionProject` has a rule for
 * each of `requiredConfigRules` (by managed-rule source identifier, so a rule
 * kept under its name but pointed at another check counts as missing); every
 * remediation stays `automatic` with at least one attempt and targets a rule the
 * stack has; the rules of `requiredRemediations` keep one. Stacks in
 * `detectionOnlyRegions` (the recovery-only regions) run no rules and are not judged. Deleting a rule or a
 * remediation is the change a resource policy never sees.
 *
 * Controls: Config.1 (FSBP) in spirit: the recorder without its rules evaluates nothing.
 */
export const rulesAndRemediations = stackPolicy({
    name: "config-rules-and-remediations-kept",
    description: "Baseline conformance: the detection layer keeps its Config rules and their automatic remediations.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "config",
    controls: [],
    configKeys: [
        "conformanceProjects",
        "detectionProject",
        "requiredConfigRules",
        "requiredRemediations",
        "detectionOnlyRegions",
    ],
    onUnknown: "defer",
    resourceTypes: [RULE, REMEDIATION],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const first = args.resources[0]?.urn;
        if (!inConformanceScope(first, cfg) || projectOf(first ?? "") !== cfg.detectionProject) return;
        // A recovery-only region's security stack records and detects but runs no Config rules:
        // the remediation roles of the global-iam layer serve the baseline regions only.
        const stack = /^urn:pulumi:([^:]+)::/.exec(first ?? "")?.[1] ?? "";
        if (cfg.detectionOnlyRegions.some((r) => stack.endsWith(`-${r}`))) return;
        const rules = args.resources.filter((r) => r.type === RULE);
        const sources = new Set(rules.map(sourceOf));
        for (const id of cfg.requiredConfigRules)
            if (!sources.has(id))
                reportViolation(`The stack has no AWS Config rule with source ${id}: the detection layer keeps it.`);
        const sourceByName = new Map(rules.map((r) => [r.props["name"], sourceOf(r)]));
        const remediated = new Set<unknown>();
        for (const r of args.resources.filter((x) => x.type === REMEDIATION)) {
            const automatic = r.props["automatic"] === true;
            if (!automatic) reportViolation(`Remediation '${r.name}' is not automatic: set automatic: true.`, r.urn);
            const attempts = r.props["maximumAutomaticAttempts"];
            if (typeof attempts === "number" && attempts < 1)
                reportViolation(`Remediation '${r.name}' allows ${attempts} automatic attempts.`, r.urn);
            const target = r.props["configRuleName"];
            if (typeof target === "string" && !sourceByName.has(target))
                reportViolation(`Remediation '${r.name}' targets rule ${target}, which the stack does not have.`, r.urn);
            else if (automatic) remediated.add(sourceByName.get(target));
        }
        for (const id of cfg.requiredRemediations)
            if (sources.has(id) && !remediated.has(id))
                reportViolation(
                    `The AWS Config rule with source ${id} has no automatic remediation: the detection layer keeps it.`,
                );
    },
});
