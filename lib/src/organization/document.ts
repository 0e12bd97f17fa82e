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
 * AWS Organizations quotas: "Maximum size of a policy document — Service control policies: 5120
 * characters" (the same quota applies to RCPs), and at most five policies of a type attached to
 * each root, OU or account, the default FullAWSAccess / RCPFullAWSAccess included.
 */
export const MAX_POLICY_CHARACTERS = 5120;
export const MAX_POLICIES_PER_TARGET = 5;

/** The document as AWS stores it when sent without white space: the size the quota counts. */
export function minified(document: OrgPolicyDocument): string {
    return JSON.stringify(document);
}
