/**
 * What every bucket of the security layer has besides its encryption, lifecycle
 * and policy: all public access blocked, ACLs disabled (`BucketOwnerEnforced`:
 * delivery services are authorized by the bucket policy, not by ACLs), and
 * versioning, on which lifecycle rules and Object Lock depend.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface BucketControls {
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownership: aws.s3.BucketOwnershipControls;
    readonly versioning: aws.s3.BucketVersioning;
}

export function bucketControls(name: string, bucket: pulumi.Input<string>, parent: pulumi.Resource): BucketControls {
    return {
        publicAccessBlock: new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent },
        ),
        ownership: new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent },
        ),
        versioning: new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" } },
            { parent },
        ),
    };
}
