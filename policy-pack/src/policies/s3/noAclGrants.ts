import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { ifKnown, isUnknownValueError, judgeEach } from "../../unknown";
import { asArray, asRecord, refersTo, S3_BUCKET_TYPES } from "../../util";

/** Canned ACLs that grant nothing beyond the bucket owner. */
const PRIVATE_ACLS = ["private", "bucket-owner-full-control", "bucket-owner-read"];

const ACL_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucketAcl:BucketAcl",
    "aws:s3/bucketAclV2:BucketAclV2",
    "aws:s3/bucketObject:BucketObject",
    "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:s3/objectCopy:ObjectCopy",
];
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
/** The object ownership settings that keep ACLs enabled. */
const ACLS_ENABLED = ["BucketOwnerPreferred", "ObjectWriter"];

/**
 * The buckets the stack's CloudFront distributions write standard logs (legacy) to: `loggingConfig.bucket`
 * is the bucket's domain name ("The Amazon S3 bucket to store the access logs in, for example,
 * amzn-s3-demo-bucket.s3.amazonaws.com", CloudFront API Reference, LoggingConfig), or the bucket resource that
 * value comes from. `unknown` is the error of a logging bucket unknown at preview and not told by its resource.
 */
function cloudFrontLogBuckets(resources: readonly PolicyResource[]): {
    names: Set<string>;
    buckets: PolicyResource[];
    unknown?: Error;
} {
    const names = new Set<string>();
    const buckets: PolicyResource[] = [];
    let unknown: Error | undefined;
    for (const d of resources.filter((r) => r.type === DISTRIBUTION)) {
        const deps = (d.propertyDependencies?.["loggingConfig"] ?? []).filter((b) =>
            (S3_BUCKET_TYPES as readonly string[]).includes(b.type),
        );
        buckets.push(...deps.map((b) => resources.find((r) => r.urn === b.urn) ?? b));
        try {
            const domain = asRecord(d.props["loggingConfig"])["bucket"];
            const m = typeof domain === "string" ? /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(domain) : null;
            if (m) names.add(m[1]);
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            if (deps.length === 0) unknown ??= e;
        }
    }
    for (const b of resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
        const name = ifKnown(() => b.props["bucket"]);
        if (typeof name === "string" && names.has(name)) buckets.push(b);
    }
    return { names, buckets, unknown };
}

interface Grant {
    readonly type?: string;
    readonly uri?: string;
    readonly id?: string;
    readonly grantee?: Grant;
}

/**
 * No S3 ACL grants access: no canned ACL other than private / bucket-owner-*, no
 * grant to a group (AllUsers, AuthenticatedUsers, LogDelivery) or to a canonical
 * user other than the ACL's owner, on buckets and objects; and bucket ownership
 * controls stay `BucketOwnerEnforced`, which disables ACLs altogether, except on a
 * bucket a CloudFront distribution of the stack writes standard logs (legacy) to:
 * CloudFront delivers those logs through an ACL ("Your bucket must have access
 * control list (ACL) enabled", CloudFront developer guide, standard logging
 * (legacy)), and both BucketOwnerPreferred and ObjectWriter enable ACLs. The ACL
 * grants themselves are judged as on any bucket.
 *
 * A stack policy, to see which buckets the distributions log to; each resource is
 * judged on its own (`judgeEach`), and `pulumi up` runs the policy in its preview,
 * before any change. A logging bucket unknown at preview defers the ownership
 * controls it could be, instead of refusing them.
 *
 * Controls: S3.12 (FSBP: ACLs disabled), S3.2 and S3.3 (public read / write through ACLs).
 */
export const noAclGrants = stackPolicy({
    name: "s3-no-acl-grants",
    description: "S3 ACLs grant nothing beyond the owner, and ownership controls keep ACLs disabled (BucketOwnerEnforced).",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: ["S3.12", "S3.2", "S3.3"],
    onUnknown: "defer",
    resourceTypes: [...ACL_TYPES, OWNERSHIP],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const logs = cloudFrontLogBuckets(args.resources);
        judgeEach(args.resources, (r) => {
            const p = r.props;
            const report = (m: string) => reportViolation(m, r.urn);
            if (r.type === OWNERSHIP) {
                const o = (p["rule"] as { objectOwnership?: string } | undefined)?.objectOwnership;
                if (o === "BucketOwnerEnforced") return;
                // Without a distribution that logs to S3, the bucket is not read: an unknown one defers nothing.
                const logging = logs.names.size > 0 || logs.buckets.length > 0 || logs.unknown !== undefined;
                if (o !== undefined && ACLS_ENABLED.includes(o) && logging) {
                    if (logs.buckets.some((b) => refersTo(r, "bucket", b))) return;
                    const bucket = p["bucket"];
                    if (typeof bucket === "string" && logs.names.has(bucket)) return;
                    // The bucket a distribution logs to is not known yet: judge once it is.
                    if (logs.unknown) throw logs.unknown;
                }
                report(
                    `Ownership controls are '${o ?? "(none)"}', which enables ACLs: use BucketOwnerEnforced. ` +
                        "Only a bucket that a CloudFront distribution of the stack writes standard logs (legacy) to may keep ACLs; " +
                        "CloudFront standard logging (v2) delivers to S3 without ACLs.",
                );
                return;
            }
            if (!ACL_TYPES.includes(r.type)) return;
            const acl = p["acl"];
            if (typeof acl === "string" && !PRIVATE_ACLS.includes(acl))
                report(`Canned ACL '${acl}' grants access beyond the owner.`);
            const policy = p["accessControlPolicy"] as { grants?: Grant[]; owner?: { id?: string } } | undefined;
            const owner = policy?.owner?.id;
            const grants = [...asArray<Grant>(p["grants"] as Grant[]), ...asArray(policy?.grants)];
            for (const g of grants) {
                const who = g.grantee ?? g;
                if (who.type === "Group" || who.uri !== undefined)
                    report(`ACL grants access to the group ${who.uri ?? "(unnamed)"}.`);
                else if (who.type === "AmazonCustomerByEmail" || (who.id !== undefined && who.id !== owner))
                    report(`ACL grants access to ${who.id ?? "an e-mail grantee"}, who is not the bucket owner.`);
            }
        });
    },
});
