import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_PREFIX, names, AccessLogTarget, AuditBucket } from "@baseline/lib";
import { PolicyContext, configBucketPolicy } from "./policies";

export interface ConfigRecordingArgs extends PolicyContext {
    /** AWSServiceRoleForConfig from global-iam (Config.1 checks that the recorder uses it). */
    readonly serviceLinkedRoleArn: string;
    /** Global resource types (IAM) are recorded in the home region only. */
    readonly includeGlobalResourceTypes: boolean;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly expirationDays: number;
    /** The security layer's server access log bucket of this region (S3.9). */
    readonly accessLogs?: AccessLogTarget;
}

/**
 * AWS Config (Config.1): recorder of all supported types, delivery to a dedicated bucket, recording on.
 *
 * The delivery bucket has NO S3 Object Lock, unlike the CloudTrail bucket. The CloudFormation
 * reference, AWS::Config::DeliveryChannel: "AWS Config does not support the delivery channel to an
 * Amazon S3 bucket bucket where object lock is enabled." Object Lock cannot be turned off once on, so
 * a locked delivery bucket would stop Config delivering for good. Config records are not replicated
 * to a separate locked bucket either: they are derived state (snapshots and history of resources
 * that Config can record again), while every change that produced them is a CloudTrail management
 * event in the trail's locked bucket; the Config bucket keeps versioning (an overwritten or deleted
 * record survives as a noncurrent version for 90 days), `protect`, the TLS-only policy and the
 * KMS key, and Config keeps its own history for the recorder's retention period.
 */
export class ConfigRecording extends pulumi.ComponentResource {
    readonly recorder: aws.cfg.Recorder;
    readonly status: aws.cfg.RecorderStatus;

    constructor(name: string, args: ConfigRecordingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:ConfigRecording", name, {}, opts);
        const bucketName = names.configBucket(args.accountId, args.region);
        const bucket = new AuditBucket(
            `${name}-bucket`,
            {
                bucketName,
                kmsKeyArn: args.kmsKeyArn,
                expirationDays: args.expirationDays,
                policy: configBucketPolicy(args, bucketName),
                accessLogs: args.accessLogs,
            },
            { parent: this },
        );
        this.recorder = new aws.cfg.Recorder(
            `${name}-recorder`,
            {
                name: `${NAME_PREFIX}-recorder`,
                roleArn: args.serviceLinkedRoleArn,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: args.includeGlobalResourceTypes },
            },
            { parent: this },
        );
        // The channel needs the recorder, and AWS Config checks the bucket policy and key when it is created.
        const channel = new aws.cfg.DeliveryChannel(
            `${name}-delivery`,
            {
                name: `${NAME_PREFIX}-delivery`,
                s3BucketName: bucket.bucket.bucket,
                s3KmsKeyArn: args.kmsKeyArn,
                snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
            },
            { parent: this, dependsOn: [this.recorder, bucket.policy] },
        );
        // Recording can start only once a delivery channel exists.
        this.status = new aws.cfg.RecorderStatus(
            `${name}-status`,
            { name: this.recorder.name, isEnabled: true },
            { parent: this, dependsOn: [channel] },
        );
        this.registerOutputs({});
    }
}
