/**
 * Organization policy documents (SCPs and RCPs) as plain JSON, and the limits AWS Organizations
 * puts on them, so that tests can measure each document and simulate it.
 */

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface OrgStatement {
    readonly Sid: string;
    readonly Effect: "Deny";
    /** RCPs only, and always "*": an RCP limits every principal's access to the resource. */
    readonly Principal?: "*";
    readonly Action?: string | readonly string[];
    /** SCPs only: RCPs do not support NotAction. */
    readonly NotAction?: readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: ConditionBlock;
}

export interface OrgPolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly OrgStatement[];
}

export type GuardrailKind = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/** One guardrail: an organization policy and what it is for. */
export interface Guardrail {
    /** The policy's name in AWS Organizations, `<prefix>-<purpose>`. */
    readonly name: string;
    readonly kind: GuardrailKind;
    readonly description: string;
    readonly document: OrgPolicyDocument;
}

/**
 * AWS Organizations quotas ("Managing policies in AWS Organizations", policy type table): an SCP may
 * have at most 5120 characters and at most 5 SCPs may be attached to a root, OU or account, the
 * default FullAWSAccess included. RCPs are held to the same numbers, the stricter reading, counting
 * the RCPFullAWSAccess AWS attaches everywhere.
 */
export const MAX_POLICY_CHARACTERS = 5120;
export const MAX_POLICIES_PER_TARGET = 5;

/** The document as AWS stores it when sent without white space: the size the quota counts. */
export function minified(document: OrgPolicyDocument): string {
    return JSON.stringify(document);
}
