import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope, projectOf } from "../../conformance";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { jsonInput, ruleHasTopicTarget } from "../../util";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const RDS_SUBSCRIPTION = "aws:rds/eventSubscription:EventSubscription";
const TOPIC = "aws:sns/topic:Topic";

/** The RDS event sources the detection layer subscribes to: RDS.20 (instances), RDS.21 (parameter groups), RDS.22 (security groups). */
export const RDS_EVENT_SOURCES: readonly string[] = ["db-instance", "db-parameter-group", "db-security-group"];

type Config = ConformanceConfig & Pick<PackConfig, "detectionProject">;

/** The finding sources whose HIGH and CRITICAL findings the detection layer routes to the alarm topic. */
export const ROUTED_FINDING_SOURCES: readonly string[] = ["aws.securityhub"];

function sourcesOf(r: PolicyResource): string[] {
    const pattern = r.props["eventPattern"];
    const parsed = typeof pattern === "string" ? jsonInput(pattern) : undefined;
    const src = typeof parsed === "object" && parsed !== null ? (parsed as { source?: unknown }).source : undefined;
    return Array.isArray(src) ? src.map(String) : [];
}

/**
 * Baseline conformance: the detection layer routes GuardDuty and Security Hub
 * findings to people. In every stack of `detectionProject`, each source of
 * `ROUTED_FINDING_SOURCES` has an EventBridge rule that is ENABLED and has an
 * SNS topic as a target, and RDS event subscriptions cover instances, parameter
 * groups and security groups (RDS.20-22); no rule of the stack is disabled.
 *
 * Controls: none in Security Hub (the README's "findings to the alarm topic").
 */
export const findingsRouting = stackPolicy({
    name: "detection-findings-routed",
    description:
        "Baseline conformance: GuardDuty and Security Hub findings rules stay enabled with an SNS topic target; RDS events stay subscribed.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "events",
    controls: [],
    configKeys: ["conformanceProjects", "detectionProject"],
    onUnknown: "defer",
    resourceTypes: [RULE, TARGET, RDS_SUBSCRIPTION, TOPIC],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const first = args.resources[0]?.urn;
        if (!inConformanceScope(first, cfg)) return;
        const rules = args.resources.filter((r) => r.type === RULE);
        const targets = args.resources.filter((r) => r.type === TARGET);
        const enabled = (r: PolicyResource) => r.props["state"] !== "DISABLED" && r.props["isEnabled"] !== false;
        // The target that reaches people is an SNS topic (the alarm topic); a rule may have others (the
        // baseline's findings marker), which do not count.
        const targeted = (r: PolicyResource) => ruleHasTopicTarget(r, targets);
        for (const r of rules)
            if (!enabled(r)) reportViolation(`EventBridge rule '${r.name}' is disabled: its findings reach no one.`, r.urn);
        if (projectOf(first ?? "") !== cfg.detectionProject) return;
        for (const source of ROUTED_FINDING_SOURCES) {
            const own = rules.filter((r) => sourcesOf(r).includes(source));
            if (own.length === 0) reportViolation(`No EventBridge rule routes ${source} findings.`);
            else if (!own.some((r) => enabled(r) && targeted(r)))
                reportViolation(`No enabled EventBridge rule with an SNS topic target routes ${source} findings.`, own[0].urn);
        }
        const subscribed = args.resources.filter((r) => r.type === RDS_SUBSCRIPTION).map((r) => r.props["sourceType"]);
        for (const source of RDS_EVENT_SOURCES)
            if (!subscribed.includes(source)) reportViolation(`No RDS event subscription covers ${source} events.`);
    },
});
