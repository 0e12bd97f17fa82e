import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { ifKnown } from "../../unknown";
import { asArray, conditionValues, label, PolicyStatement, policyStatements, referrers, S3_BUCKET_TYPES } from "../../util";

function globMatches(pattern: string, value: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/**
 * The ARN of a bucket (`arn:aws:s3:::<name>`) from its `bucket` name; empty when
 * the name is not set or unknown at preview (an auto-named bucket), in which case
 * any statement on a bucket and its objects is accepted. Spelled in the `aws`
 * partition: a statement's resources are compared in it (`inAwsPartition`).
 */
export function bucketArns(bucket: PolicyResource): string[] {
    const name = ifKnown(() => bucket.props["bucket"]);
    return typeof name === "string" && name !== "" ? [`arn:aws:s3:::${name}`] : [];
}

/**
 * A resource of a statement with its partition spelled `aws`: a bucket of the China Regions is
 * `arn:aws-cn:s3:::<name>` and one of GovCloud `arn:aws-us-gov:s3:::<name>` ("A partition is a group of AWS
 * Regions. Each AWS account is scoped to one partition", AWS General Reference, "Amazon Resource Names (ARNs)":
 * aws, aws-cn, aws-us-gov). The pack knows no partition of its own, and a policy names its bucket in the
 * partition the bucket lives in, so any partition's spelling of the bucket's ARN is the bucket's.
 */
function inAwsPartition(resource: string): string {
    return resource.replace(/^arn:aws[a-z-]*:s3:::/, "arn:aws:s3:::");
}

/**
 * True for a statement that denies all S3 actions to everyone when the request
 * is not TLS, on the bucket and its objects. With `arns` (the bucket's own ARNs),
 * the statement's resources must cover that bucket: a TLS Deny for another
 * bucket, pasted into this bucket's policy, protects nothing.
 */
export function deniesInsecureTransport(s: PolicyStatement, arns?: readonly string[]): boolean {
    if (s.Effect !== "Deny") return false;
    const principal = s.Principal;
    const everyone =
        principal === "*" ||
        (typeof principal === "object" && principal !== null && asArray((principal as { AWS?: unknown }).AWS).includes("*"));
    const actions = asArray(s.Action);
    const allActions = actions.includes("*") || actions.includes("s3:*");
    const insecure = conditionValues(s, /^Bool(IfExists)?$/i, "aws:SecureTransport").includes("false");
    const resources = asArray(s.Resource).map((r) => (typeof r === "string" ? inAwsPartition(r) : r));
    const coversBoth =
        arns === undefined || arns.length === 0
            ? resources.includes("*") || (resources.some((r) => r.endsWith("/*")) && resources.some((r) => !r.endsWith("/*")))
            : arns.some(
                  (arn) =>
                      resources.some((r) => globMatches(r, arn)) &&
                      resources.some((r) => globMatches(r, `${arn}/any-object-key`)),
              );
    return everyone && allActions && insecure && coversBoth;
}

function policyDocs(resources: readonly PolicyResource[], bucket: PolicyResource): unknown[] {
    const docs = referrers(resources, ["aws:s3/bucketPolicy:BucketPolicy"], "bucket", bucket).map((p) => p.props["policy"]);
    if (bucket.props["policy"] !== undefined) docs.push(bucket.props["policy"]);
    return docs;
}

/**
 * Every S3 bucket has a bucket policy that denies `s3:*` to `Principal: *` when
 * `aws:SecureTransport` is `false`, on both the bucket ARN and `<arn>/*`.
 * Stack policy: the policy is a separate `aws.s3.BucketPolicy` tied to the bucket
 * through `bucket`.
 *
 * Controls: S3.5 (FSBP, CIS v3.0.0 2.1.1).
 */
export const bucketSslRequestsOnly = stackPolicy({
    name: "s3-bucket-ssl-requests-only",
    description: "Every S3 bucket has a bucket policy denying requests that do not use TLS (aws:SecureTransport=false).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: ["S3.5"],
    onUnknown: "defer",
    resourceTypes: [...S3_BUCKET_TYPES, "aws:s3/bucketPolicy:BucketPolicy"],
    remediationSteps:
        "Add an aws.s3.BucketPolicy with a Deny of s3:* for Principal '*' on the bucket ARN and ARN/* when Bool aws:SecureTransport is 'false'.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            const docs = policyDocs(args.resources, bucket);
            if (docs.length === 0) {
                reportViolation(
                    `${label("Bucket", bucket)} has no bucket policy; it needs one that denies non-TLS requests.`,
                    bucket.urn,
                );
            } else if (
                !docs.some((d) => (policyStatements(d) ?? []).some((st) => deniesInsecureTransport(st, bucketArns(bucket))))
            ) {
                reportViolation(
                    `${label("Bucket", bucket)} bucket policy has no Deny of s3:* for Principal '*' on the bucket and its objects when aws:SecureTransport is false.`,
                    bucket.urn,
                );
            }
        }
    },
});
