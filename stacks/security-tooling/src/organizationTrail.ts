import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ORGANIZATION_TRAIL_NAME, managementEventSelectors } from "@baseline/lib";

export interface OrganizationTrailArgs {
    /** The log-archive layer's locked bucket and its key. */
    readonly bucketName: string;
    readonly kmsKeyArn: string;
}

/**
 * The organization trail (home region): every account of the organization, every region, management
 * events, log file validation, encrypted with the log-archive key into the log-archive bucket. Created
 * here, by the CloudTrail delegated administrator (the organization layer registers it): the CloudTrail
 * user guide ("Creating a trail for an organization with the AWS CLI"): "When creating or updating an
 * organization trail with the AWS CLI, you must use an AWS CLI profile in the management account or
 * delegated administrator account with sufficient permissions". The trail stays the management
 * account's (its ARN carries that account's id: lib organizationTrailArn), which is why the bucket and
 * key policies name the management account's ARN. It replaces each member account's own trail.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;

    constructor(name: string, args: OrganizationTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationTrail", name, {}, opts);
        this.trail = new aws.cloudtrail.Trail(
            name,
            {
                name: ORGANIZATION_TRAIL_NAME,
                s3BucketName: args.bucketName,
                isOrganizationTrail: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogging: true,
                enableLogFileValidation: true,
                kmsKeyId: args.kmsKeyArn,
                advancedEventSelectors: managementEventSelectors(),
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
