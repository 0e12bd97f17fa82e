/**
 * Alarms on the API and its backend, to the security layer's encrypted SNS
 * topic (CloudWatch.15/.17: an alarm action, actions enabled). Each alarm sets
 * `treatMissingData` on purpose: these metrics are only emitted when there is
 * traffic (or, for the queue, activity), so "no data" means "nothing went
 * wrong" and must not page anyone.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmNotifications } from "@baseline/lib";

export interface ApiAlarmsArgs {
    readonly apiName: pulumi.Input<string>;
    readonly stageName: pulumi.Input<string>;
    readonly functionName: pulumi.Input<string>;
    readonly deadLetterQueueName: pulumi.Input<string>;
    readonly topicArn: pulumi.Input<string>;
    readonly api5xxThreshold: number;
    readonly latencyP99Ms: number;
    readonly lambdaErrorThreshold: number;
}

/** Five-minute periods: frequent enough to page, coarse enough that one slow request is not an incident. */
export const ALARM_PERIOD_SECONDS = 300;

export class ApiAlarms extends pulumi.ComponentResource {
    readonly alarms: aws.cloudwatch.MetricAlarm[] = [];

    constructor(name: string, args: ApiAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:api:ApiAlarms", name, {}, opts);
        const common = {
            ...alarmNotifications(args.topicArn),
            period: ALARM_PERIOD_SECONDS,
            treatMissingData: "notBreaching",
        };
        // REST API metrics are dimensioned by the API's name (not its id) and stage.
        const apiDims = { ApiName: args.apiName, Stage: args.stageName };
        const fnDims = { FunctionName: args.functionName };

        const alarm = (suffix: string, a: aws.cloudwatch.MetricAlarmArgs) =>
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${suffix}`, { ...common, ...a }, { parent: this }));

        alarm("api-5xx", {
            alarmDescription: "The private API returned server errors (5XX).",
            namespace: "AWS/ApiGateway",
            metricName: "5XXError",
            dimensions: apiDims,
            statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: args.api5xxThreshold,
            evaluationPeriods: 1,
        });
        alarm("api-latency-p99", {
            alarmDescription: "The private API's p99 latency is above the threshold.",
            namespace: "AWS/ApiGateway",
            metricName: "Latency",
            dimensions: apiDims,
            extendedStatistic: "p99",
            comparisonOperator: "GreaterThanThreshold",
            threshold: args.latencyP99Ms,
            // Two of three periods: one burst of cold starts should not page.
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            // A percentile over a handful of requests is noise.
            evaluateLowSampleCountPercentiles: "ignore",
        });
        alarm("lambda-errors", {
            alarmDescription: "The API backend function failed (unhandled errors or timeouts).",
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: fnDims,
            statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: args.lambdaErrorThreshold,
            evaluationPeriods: 1,
        });
        alarm("lambda-throttles", {
            alarmDescription: "The API backend function hit its reserved concurrency and was throttled.",
            namespace: "AWS/Lambda",
            metricName: "Throttles",
            dimensions: fnDims,
            statistic: "Sum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            evaluationPeriods: 1,
        });
        alarm("dlq-messages", {
            alarmDescription: "Failed asynchronous invocations are waiting in the API backend's dead-letter queue.",
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: args.deadLetterQueueName },
            statistic: "Maximum",
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: 1,
            evaluationPeriods: 1,
        });

        this.registerOutputs({});
    }
}
