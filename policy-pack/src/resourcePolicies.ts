/**
 * Resource policies open to anyone. A statement is public when it allows
 * `Principal: *` (or `AWS: *`, or everyone but a NotPrincipal) and no condition
 * pins the caller to an account, organization, network path or source resource
 * with fixed values, or limits it to a set of source CIDRs: AWS Config's
 * public-access rules count a policy as non-public only when it "must grant
 * access only to fixed values" (no wildcard, no policy variable;
 * sqs-queue-no-public-access), and the S3 User Guide's meaning of "public" counts
 * "A set of Classless Inter-Domain Routings (CIDRs), using aws:SourceIp" among
 * those values, unless a block is "broader than /8 for IPv4 and /32 for IPv6"
 * (conditions.ts). One check for every service that takes a resource policy, so
 * a new resource type is not a way around it.
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import {
    deniedUnlessPinned,
    hasPinningCondition,
    openToAnyone,
    parseDocument,
    PINNING_CONDITION_KEYS,
    statementLabel,
} from "./iam";
import { NON_PUBLIC_KEYS, pinProblem, rawStatements, SOURCE_IP_KEYS, UNKNOWN_IDENTITY } from "./conditions";
import { efsMountTargetOnly } from "./efs";
import { openByDesign } from "./openByDesign";

/**
 * Messages for every public statement of `doc`, or one message when the document cannot be judged. `type` and
 * `props` are the resource that holds it: a statement open by that resource's design is not public (openByDesign.ts).
 */
export function publicStatementFindings(
    doc: unknown,
    extraKeys: readonly string[] = [],
    type?: string,
    props?: Record<string, unknown>,
): string[] {
    const parsed = parseDocument(doc);
    if ("error" in parsed) return [`the policy ${parsed.error}; the pack cannot judge it.`];
    // aws:SourceIp limits who reaches a resource policy, but names no caller: it is added here, not to
    // PINNING_CONDITION_KEYS, which trust policies read too.
    const keys = [...PINNING_CONDITION_KEYS, ...SOURCE_IP_KEYS, ...extraKeys];
    const raw = rawStatements(doc) ?? [];
    const out: string[] = [];
    parsed.statements.forEach((s, i) => {
        const open = openToAnyone(s);
        if (open === undefined || deniedUnlessPinned(s, parsed.statements, keys)) return;
        if (raw[i] !== undefined && efsMountTargetOnly(type, raw[i])) return;
        // A condition counts for what it admits: a wildcard, a variable, an IfExists or
        // ForAllValues form, or a negated operator pins no one (see conditions.ts).
        const problem = raw[i] === undefined ? undefined : pinProblem(raw[i], UNKNOWN_IDENTITY, NON_PUBLIC_KEYS);
        const pinned = hasPinningCondition(s, keys);
        if (pinned && problem === undefined) return;
        // Read only now: the holder's settings may be unknown at preview, and a pinned statement needs none of them.
        if (raw[i] !== undefined && openByDesign(type, props, raw[i])) return;
        if (!pinned)
            out.push(
                `${statementLabel(s)} ${open} without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).`,
            );
        else out.push(`${statementLabel(s)} ${open}, and ${problem}.`);
    });
    return out;
}

/**
 * A resource validation that reports the public statements of the policy
 * document each of `properties` (type -> property) holds.
 */
export function publicPolicyValidation(
    properties: Readonly<Record<string, string>>,
    extraKeys: readonly string[] = [],
): (args: ResourceValidationArgs, report: (message: string) => void) => void {
    return (args, report) => {
        const key = properties[args.type];
        if (key === undefined) return;
        const doc = args.props[key];
        if (doc === undefined || doc === "") return;
        for (const m of publicStatementFindings(doc, extraKeys, args.type, args.props)) report(`${key}: ${m}`);
    };
}
