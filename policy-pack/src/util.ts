/**
 * Small helpers the policies share. Every reader tolerates `undefined`: at
 * preview a value computed by the provider is either absent or, when read, makes
 * the analyzer's proxy throw (reported by CrossGuard as "can't run during preview").
 */
import { PolicyResource } from "@pulumi/policy";
import { ifKnown } from "./unknown";

export function asArray<T>(v: T | readonly T[] | undefined | null): T[] {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? [...(v as T[])] : [v as T];
}

/** A block input (an object), or an empty one when the input is absent or not an object. */
export function asRecord(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A boolean input set to true, or to false, as a program or a provider's text input gives it (`true` or `"true"`). */
export const isTrue = (v: unknown): boolean => v === true || v === "true";
export const isFalse = (v: unknown): boolean => v === false || v === "false";

/**
 * True for a KMS key reference that is not an AWS-managed key: AWS-managed keys
 * are addressed as `alias/aws/<service>` (or its ARN form), and cannot be
 * rotated, shared or restricted by the account.
 */
export function isCustomerManagedKey(key: unknown): boolean {
    if (typeof key !== "string" || key.trim() === "") return false;
    return !/(^|:)alias\/aws\//.test(key);
}

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: string | string[];
    readonly Principal?: unknown;
    readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * An input that takes JSON either as text or as data (policy documents, container definitions, event
 * patterns): the data, or undefined when the text does not parse.
 */
export function jsonInput(v: unknown): unknown {
    if (typeof v !== "string") return v;
    try {
        return JSON.parse(v) as unknown;
    } catch {
        return undefined;
    }
}

/** Statements of an IAM / resource policy given as a JSON string or an object; `undefined` when unparsable. */
export function policyStatements(doc: unknown): PolicyStatement[] | undefined {
    const parsed = jsonInput(doc);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    return asArray((parsed as { Statement?: PolicyStatement | PolicyStatement[] }).Statement);
}

/** The condition values of `key` (case-insensitive) under any operator whose name matches `operator`. */
export function conditionValues(stmt: PolicyStatement, operator: RegExp, key: string): string[] {
    const out: string[] = [];
    for (const [op, block] of Object.entries(stmt.Condition ?? {})) {
        if (!operator.test(op) || typeof block !== "object" || block === null) continue;
        for (const [k, v] of Object.entries(block))
            if (k.toLowerCase() === key.toLowerCase()) out.push(...asArray(v).map(String));
    }
    return out;
}

/** Values that other resources use to point at `target`: its id, ARN, physical name. */
function identities(target: PolicyResource): Set<string> {
    const ids = new Set<string>();
    for (const k of ["id", "arn", "bucket", "name", "keyId", "restApiId"]) {
        // An id or ARN unknown at preview (the resource is being created) identifies nothing.
        const v = ifKnown(() => target.props[k]);
        if (typeof v === "string" && v !== "") ids.add(v);
    }
    return ids;
}

/**
 * True when `resource.props[key]` points at `target`: either the engine recorded
 * the dependency (`bucket: bucket.id` gives propertyDependencies.bucket = [bucket]),
 * or the value is one of the target's identities (a physical name both share).
 */
export function refersTo(resource: PolicyResource, key: string, target: PolicyResource): boolean {
    if ((resource.propertyDependencies?.[key] ?? []).some((d) => d.urn === target.urn)) return true;
    // A reference that is itself unknown cannot be matched: reading it throws, and the
    // policy's onUnknown applies. A target whose id is unknown is still matched by name.
    return identifies(resource.props[key], target);
}

/** True when `value` (a string, or an object with a string `id`) is one of `target`'s identities. */
export function identifies(value: unknown, target: PolicyResource): boolean {
    if (typeof value === "string") return identities(target).has(value);
    if (typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string")
        return identities(target).has((value as { id: string }).id);
    return false;
}

/** Resources of `types` whose `key` refers to `target`. */
export function referrers(
    resources: readonly PolicyResource[],
    types: readonly string[],
    key: string,
    target: PolicyResource,
): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type) && refersTo(r, key, target));
}

export const S3_BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;

/** The resource types whose `policy` is an S3 bucket policy: the bucket policy resource and the buckets' own. */
export const S3_BUCKET_POLICY_TYPES: readonly string[] = ["aws:s3/bucketPolicy:BucketPolicy", ...S3_BUCKET_TYPES];

/** A short label for messages: `bucket 'data' (baseline-data-...)`. */
export function label(kind: string, r: PolicyResource): string {
    const physical = r.props["bucket"] ?? r.props["name"];
    return typeof physical === "string" && physical !== r.name ? `${kind} '${r.name}' (${physical})` : `${kind} '${r.name}'`;
}

/**
 * True when one of `targets` (aws.cloudwatch.EventTarget) belongs to `rule` (by its name or by the rule
 * resource it reads) and sends to an SNS topic (by the topic resource its ARN comes from, or an SNS ARN):
 * an EventBridge rule whose events reach people. A topic ARN unknown at preview is told by its resource.
 */
export function ruleHasTopicTarget(rule: PolicyResource, targets: readonly PolicyResource[]): boolean {
    return targets.some(
        (t) =>
            (t.props["rule"] === rule.props["name"] ||
                (t.propertyDependencies?.["rule"] ?? []).some((d) => d.urn === rule.urn)) &&
            ((t.propertyDependencies?.["arn"] ?? []).some((d) => d.type === "aws:sns/topic:Topic") ||
                /^arn:[^:]+:sns:/.test(String(ifKnown(() => t.props["arn"]) ?? ""))),
    );
}
