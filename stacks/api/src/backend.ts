/**
 * The API's Lambda backend: its log group (created here, before the function,
 * so it is KMS-encrypted and retained instead of auto-created by Lambda), its
 * dead-letter queue and the function itself, in the private subnets.
 *
 * The execution role comes from global-iam and is scoped to the physical names
 * in `names` (log group, queue), which is why those names are fixed here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup, names } from "@baseline/lib";
import { HANDLER_ENTRY, handlerArchive } from "./handlerCode";

/** Lambda.2: a runtime on AWS's supported list (nodejs20.x–24.x at the time of writing). */
export const LAMBDA_RUNTIME = aws.lambda.Runtime.NodeJS22dX;

export interface BackendArgs {
    readonly roleArn: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly securityGroupId: pulumi.Input<string>;
    readonly logsKeyArn: pulumi.Input<string>;
    readonly dataKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
    /** 0: no reservation (see RULES.lambdaReservedConcurrency in config.ts). */
    readonly reservedConcurrency: number;
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    readonly dlqRetentionSeconds: number;
    /** Non-secret settings only: see the note on `kmsKeyArn` below. */
    readonly environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Defaults to the package built from `stacks/api/handler`. */
    readonly code?: pulumi.asset.Archive;
}

/** Throws one error naming every problem with the arguments (Lambda.5 needs subnets in at least two AZs). */
export function validateBackendArgs(args: { subnetIds: readonly string[]; availabilityZones: readonly string[] }): void {
    const problems: string[] = [];
    if (args.subnetIds.length < 2)
        problems.push(`subnetIds has ${args.subnetIds.length} subnet(s); Lambda.5 needs at least 2 (one per AZ)`);
    if (new Set(args.availabilityZones).size < 2) {
        problems.push(
            `availabilityZones has ${new Set(args.availabilityZones).size} distinct zone(s); Lambda.5 needs at least 2`,
        );
    }
    if (problems.length > 0) throw new Error(`invalid backend arguments: ${problems.join("; ")}`);
}

export class Backend extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly functionName: pulumi.Output<string>;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly deadLetterQueue: aws.sqs.Queue;

    constructor(name: string, args: BackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:api:Backend", name, {}, opts);

        this.logGroup = encryptedLogGroup(
            `${name}-logs`,
            // The execution role may write only to this group (names.apiFunctionLogGroup).
            { name: names.apiFunctionLogGroup, kmsKeyId: args.logsKeyArn, retentionInDays: args.logRetentionDays },
            { parent: this },
        );

        // Asynchronous invocations that exhaust their retries land here. API Gateway
        // invokes synchronously (its caller sees the error), so the queue catches
        // only async invokes (console, CLI, future event sources): cheap insurance.
        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            {
                name: names.apiDeadLetterQueue,
                kmsMasterKeyId: args.dataKeyArn,
                kmsDataKeyReusePeriodSeconds: 300,
                messageRetentionSeconds: args.dlqRetentionSeconds,
            },
            // The events waiting in it are the only record of invocations that failed: a destroy or a
            // replacement would delete them with the queue.
            { parent: this, protect: true },
        );

        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                name: names.apiFunctionName,
                description: "Private API backend (baseline api layer)",
                role: args.roleArn,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: HANDLER_ENTRY,
                // No code signing configuration (`codeSigningConfigArn`), on purpose. The Lambda developer
                // guide ("Configuring code signing for AWS Lambda"): once a configuration is attached, "Lambda
                // checks every code deployment and verifies that the code package is signed by a trusted
                // source". The package here is built from the tested handler at program time and uploaded
                // unsigned by Pulumi, so `Enforce` ("Lambda blocks the deployment request if signature
                // validation checks fail") would refuse every deployment, and `Warn` ("Lambda allows the
                // deployment of the code package, but issues a warning") would pass every deployment while
                // making scanners report code signing as configured: a control that protects nothing.
                // Signing needs a pipeline step (AWS Signer `start-signing-job` on the zip in a versioned
                // bucket, the function deployed from the signed object); until that exists, who may change
                // the function is limited by IAM instead (docs/architecture.md, "api").
                code: args.code ?? handlerArchive(),
                memorySize: args.memoryMb,
                timeout: args.timeoutSeconds,
                // Unset (the provider's -1, "unreserved") unless a reservation was asked for.
                reservedConcurrentExecutions: args.reservedConcurrency > 0 ? args.reservedConcurrency : undefined,
                vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
                tracingConfig: { mode: "Active" },
                deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
                loggingConfig: {
                    logFormat: "JSON",
                    logGroup: this.logGroup.name,
                    applicationLogLevel: "INFO",
                    systemLogLevel: "WARN",
                },
                // No `kmsKeyArn`: the variables hold a bucket name and a host, nothing
                // secret, and a customer key would need kms:Decrypt outside the S3
                // condition the global-iam role grants. AWS encrypts them at rest anyway.
                environment: { variables: args.environment },
            },
            { parent: this, dependsOn: [this.logGroup] },
        );
        this.functionName = this.function.name;

        this.registerOutputs({
            functionName: this.functionName,
            logGroupName: this.logGroup.name,
            deadLetterQueueArn: this.deadLetterQueue.arn,
        });
    }
}
