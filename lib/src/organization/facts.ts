/**
 * The facts the organization's guardrails are built from. Every service control policy and
 * resource control policy is a pure function of these values, which come from facts declared
 * once elsewhere: the regions and the deploy role from topology.yaml, the name prefix and the
 * baseline tag from lib, the organization id from AWS Organizations.
 */
import { commercialRegionProblem } from "../awsRegions";

export interface GuardrailFacts {
    /** Every region a stack of the baseline lives in (baseline and recovery-only regions). */
    readonly regions: readonly string[];
    /** The region of the account-wide resources; one of `regions`. */
    readonly homeRegion: string;
    /** The role the deploy pipeline assumes in every account: the only principal the guardrails exempt. */
    readonly deployRoleName: string;
    /** Prefix of the baseline's physical names: roles (`<prefix>-*`, path `/<prefix>/`), key aliases (`alias/<prefix>-*`), log groups (`/<prefix>/...`). */
    readonly namePrefix: string;
    /** The tag every baseline resource carries (lib BASELINE_TAG); marks the baseline's KMS keys. */
    readonly baselineTag: { readonly key: string; readonly value: string };
    /** The organization's id (`o-...`). */
    readonly organizationId: string;
}

// AWS Organizations API reference, Organization.Id: "The regex pattern for an organization ID
// string requires "o-" followed by from 10 to 32 lowercase letters or digits."
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
// IAM role names: up to 64 characters of letters, digits and `+=,.@_-`. A wildcard here would
// turn the single exemption into an exemption for every role it matches.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,30}$/;
const TAG_PART = /^[\w.:/=+@ -]{1,128}$/;

/** Every problem with the facts, or [] when they are usable. */
export function guardrailFactProblems(facts: GuardrailFacts): string[] {
    const problems: string[] = [];
    if (facts.regions.length === 0) problems.push("regions: at least one region is required");
    for (const r of facts.regions) {
        // The policies name commercial-partition ARNs (arn:aws:...).
        const problem = commercialRegionProblem(r);
        if (problem) problems.push(`regions: ${problem}`);
    }
    if (new Set(facts.regions).size !== facts.regions.length) problems.push(`regions: duplicates in ${facts.regions.join(", ")}`);
    if (!facts.regions.includes(facts.homeRegion)) {
        problems.push(`homeRegion: "${facts.homeRegion}" is not one of the regions (${facts.regions.join(", ")})`);
    }
    if (!ROLE_NAME.test(facts.deployRoleName)) {
        problems.push(
            `deployRoleName: "${facts.deployRoleName}" is not an IAM role name (1-64 of letters, digits, +=,.@_-; no wildcard)`,
        );
    }
    if (!NAME_PREFIX.test(facts.namePrefix)) {
        problems.push(`namePrefix: "${facts.namePrefix}" must be lowercase letters, digits and dashes, starting with a letter`);
    }
    if (!TAG_PART.test(facts.baselineTag.key) || facts.baselineTag.key.startsWith("aws:")) {
        problems.push(`baselineTag.key: "${facts.baselineTag.key}" is not a usable tag key`);
    }
    if (!TAG_PART.test(facts.baselineTag.value) || /[*?]/.test(facts.baselineTag.value)) {
        problems.push(`baselineTag.value: "${facts.baselineTag.value}" is not a usable tag value (no wildcard)`);
    }
    if (!ORGANIZATION_ID.test(facts.organizationId)) {
        problems.push(
            `organizationId: "${facts.organizationId}" is not an organization id (o- and 10-32 lowercase letters or digits)`,
        );
    }
    return problems;
}

/** Throws one error listing every problem with the facts. */
export function assertGuardrailFacts(facts: GuardrailFacts): void {
    const problems = guardrailFactProblems(facts);
    if (problems.length > 0) {
        throw new Error(`The organization's guardrail facts are invalid:\n  - ${problems.join("\n  - ")}`);
    }
}

/**
 * The single principal every guardrail exempts, as `ArnNotLike aws:PrincipalArn`.
 *
 * Why the account is `*`: an SCP only ever evaluates principals of the accounts it is attached
 * to, so `arn:aws:iam::*:role/<deploy role>` can only match each member account's own deploy
 * role; naming accounts would need one policy per account. Why the role name has no wildcard:
 * any pattern (`baseline-*`, `*deploy*`) would exempt every role an account administrator can
 * create with a matching name. The deploy role itself is protected from changes by
 * the account administrators (accountProtection.ts), so they cannot make it theirs.
 */
export function deployRoleArnPattern(facts: GuardrailFacts): string {
    return `arn:aws:iam::*:role/${facts.deployRoleName}`;
}

export function exceptDeployRole(facts: GuardrailFacts): { ArnNotLike: { "aws:PrincipalArn": string } } {
    return { ArnNotLike: { "aws:PrincipalArn": deployRoleArnPattern(facts) } };
}
