/**
 * Key, bucket and topic policies of the security layer, as plain JSON built by
 * pure functions, so tests can run them through the IAM policy simulator.
 */
import {
    denyInsecureTransport,
    KEY_ADMINISTRATION_ACTIONS,
    KEY_USE_ACTIONS,
    names,
    PolicyDocument,
    policyDocument,
    DeployRegion,
    RoutingNames,
    Statement,
} from "@baseline/lib";
import { topicPublisherKeyStatements, topicPublisherStatements } from "./topicPublishers";

export interface PolicyContext extends RoutingNames {
    readonly accountId: string;
    readonly region: DeployRegion;
    /**
     * Named key administrators (role or user ARNs of this account). Empty or unset: the account
     * administers the keys through IAM (the KMS default key policy).
     */
    readonly keyAdministrators?: readonly string[];
}

const doc = policyDocument;
const root = (ctx: PolicyContext) => ({ AWS: `arn:aws:iam::${ctx.accountId}:root` });

export const trailArn = (ctx: PolicyContext): string =>
    `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${names.cloudTrail}`;
/** The S3 data-events trail (trail.ts): it writes to the same bucket with the same key. */
export const dataEventsTrailArn = (ctx: PolicyContext): string =>
    `arn:aws:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${names.cloudTrailDataEvents}`;
/** Both trails of the account, the only sources the trail bucket and key admit. */
export const trailArns = (ctx: PolicyContext): string[] => [trailArn(ctx), dataEventsTrailArn(ctx)];
export const alarmTopicArn = (ctx: PolicyContext): string => names.alarmTopicArn(ctx.region, ctx.accountId);

/**
 * Who administers the key. By default the account (`:root`), which delegates to IAM: any principal
 * of the account whose IAM policy allows it. With `keyAdministrators`, only those principals, so an
 * IAM policy elsewhere in the account cannot take over the key. The KMS developer guide ("Default
 * key policy") warns that a key policy must keep a principal able to manage the key, and
 * CreateKey/PutKeyPolicy refuse a policy that would lock out the caller ("the principal making the
 * request must be allowed to make a subsequent PutKeyPolicy request"): the list must include the
 * role that runs `pulumi up` (the deploy role), or creating the key fails.
 */
function accountAdmin(ctx: PolicyContext): Statement {
    const named = ctx.keyAdministrators && ctx.keyAdministrators.length > 0;
    return {
        Sid: named ? "NamedAdministratorsAdministerKey" : "AccountAdministersKey",
        Effect: "Allow",
        Principal: named ? { AWS: [...ctx.keyAdministrators!] } : root(ctx),
        // Administration without cryptographic use, and no kms:CreateGrant (lib/src/keyPolicy.ts says why).
        Action: KEY_ADMINISTRATION_ACTIONS,
        Resource: "*",
    };
}

/** Principals of this account (with IAM permission) may use the key only through the named services. */
function accountUseVia(
    ctx: PolicyContext,
    sid: string,
    services: readonly string[],
    actions: readonly string[] = KEY_USE_ACTIONS,
): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: root(ctx),
        Action: [...actions],
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:CallerAccount": ctx.accountId,
                "kms:ViaService": services.map((s) => `${s}.${ctx.region}.amazonaws.com`),
            },
        },
    };
}

/** Data key: S3 objects (SSE-KMS) and the API's SQS dead-letter queue (SSE-KMS). */
export function dataKeyPolicy(ctx: PolicyContext): PolicyDocument {
    return doc(accountAdmin(ctx), accountUseVia(ctx, "AccountUseThroughS3AndSqs", ["s3", "sqs"]));
}

/** Database key: RDS storage and Performance Insights, and the database's Secrets Manager secret. */
export function databaseKeyPolicy(ctx: PolicyContext): PolicyDocument {
    return doc(accountAdmin(ctx), accountUseVia(ctx, "AccountUseThroughRdsAndSecretsManager", ["rds", "secretsmanager"]), {
        // RDS and Secrets Manager keep grants on the key for their own background use.
        Sid: "AwsServiceGrantsThroughRdsAndSecretsManager",
        Effect: "Allow",
        Principal: root(ctx),
        Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:CallerAccount": ctx.accountId,
                "kms:ViaService": [`rds.${ctx.region}.amazonaws.com`, `secretsmanager.${ctx.region}.amazonaws.com`],
            },
            Bool: { "kms:GrantIsForAWSResource": "true" },
        },
    });
}

/**
 * Logs key: CloudWatch Logs of this region and account, the encrypted alarm topic (CloudWatch
 * alarms publish to it), AWS Config delivery to its bucket and, in the home region, CloudTrail.
 */
export function logsKeyPolicy(ctx: PolicyContext, opts: { cloudTrail: boolean }): PolicyDocument {
    const statements: Statement[] = [
        accountAdmin(ctx),
        {
            Sid: "CloudWatchLogsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:*` },
            },
        },
        {
            Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            // Only this region's alarms of this account: the same source the topic policy admits.
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*` },
            },
        },
        accountUseVia(ctx, "AccountUseThroughSns", ["sns"], ["kms:Decrypt", "kms:GenerateDataKey*"]),
        {
            // AWS Config delivers with its service-linked role as the config.amazonaws.com principal.
            Sid: "ConfigDeliveryToItsBucket",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            // AWS Config developer guide, "Permissions for the KMS Key" (service-linked role, S3 bucket
            // delivery): the documented statement grants config.amazonaws.com kms:Decrypt and
            // kms:GenerateDataKey, conditioned on the source account only (newer versions of the page are
            // reported to add that aws:SourceArn "will always be set to arn:aws:config:sourceRegion:
            // sourceAccountID:*", which the versions read here do not say); a condition on a key absent from
            // the request denies it, which would stop every delivery. So aws:SourceAccount is required, and
            // aws:SourceArn is checked where it is sent (the IfExists form): the "Cross-service confused
            // deputy prevention" page recommends both keys, the ARN "with wildcard characters (*) for the
            // unknown portions", narrowed here to this region's Config.
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLikeIfExists: { "aws:SourceArn": `arn:aws:config:${ctx.region}:${ctx.accountId}:*` },
            },
        },
        // Reading the audit buckets (Config, CloudTrail) decrypts through S3.
        accountUseVia(ctx, "AccountReadsAuditBucketsThroughS3", ["s3"], ["kms:Decrypt", "kms:DescribeKey"]),
        // The findings rules and RDS event subscriptions publish to the encrypted alarm topic.
        ...topicPublisherKeyStatements(ctx),
    ];
    if (opts.cloudTrail) {
        statements.push(
            {
                Sid: "CloudTrailEncryptsItsLogs",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceArn": trailArns(ctx) },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ctx.accountId}:trail/*` },
                },
            },
            {
                Sid: "CloudTrailDescribesKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceArn": trailArns(ctx) } },
            },
            {
                Sid: "AccountDecryptsTrailLogs",
                Effect: "Allow",
                Principal: root(ctx),
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: {
                    StringEquals: { "kms:CallerAccount": ctx.accountId },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ctx.accountId}:trail/*` },
                },
            },
        );
    }
    return doc(...statements);
}

/** The AWS Config bucket: TLS only, plus the delivery permissions AWS Config documents, for this account only. */
export function configBucketPolicy(ctx: PolicyContext, bucketName: string): PolicyDocument {
    const arn = `arn:aws:s3:::${bucketName}`;
    const fromThisAccount = { StringEquals: { "AWS:SourceAccount": ctx.accountId } };
    return doc(
        denyInsecureTransport(arn),
        {
            Sid: "AWSConfigBucketPermissionsCheck",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: arn,
            Condition: fromThisAccount,
        },
        {
            Sid: "AWSConfigBucketExistenceCheck",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:ListBucket",
            Resource: arn,
            Condition: fromThisAccount,
        },
        {
            Sid: "AWSConfigBucketDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${arn}/AWSLogs/${ctx.accountId}/Config/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "AWS:SourceAccount": ctx.accountId } },
        },
    );
}

/** The CloudTrail bucket: TLS only, plus delivery for this account's two trails only (aws:SourceArn). */
export function cloudTrailBucketPolicy(ctx: PolicyContext, bucketName: string): PolicyDocument {
    const arn = `arn:aws:s3:::${bucketName}`;
    return doc(
        denyInsecureTransport(arn),
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: arn,
            Condition: { StringEquals: { "aws:SourceArn": trailArns(ctx) } },
        },
        {
            Sid: "AWSCloudTrailWrite",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${arn}/AWSLogs/${ctx.accountId}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArns(ctx) } },
        },
    );
}

/** The alarm topic: CloudWatch alarms, the findings rules and RDS events of this account may publish, over TLS only. */
export function alarmTopicPolicy(ctx: PolicyContext): PolicyDocument {
    const topic = alarmTopicArn(ctx);
    return doc(
        {
            Sid: "CloudWatchAlarmsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic,
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*` },
            },
        },
        ...topicPublisherStatements(ctx, topic),
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topic,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    );
}
