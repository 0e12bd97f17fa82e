import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/** The levels that log: AWS Config's STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED takes "ALL, ERROR, FATAL" as its minimum level; OFF logs nothing. */
const LOGGING_LEVELS: readonly string[] = ["ALL", "ERROR", "FATAL"];

/**
 * Step Functions state machines log to CloudWatch Logs: `loggingConfiguration.level` ALL, ERROR or
 * FATAL with a `logDestination`. AWS Config's rule behind the control: "The rule is NON_COMPLIANT if
 * a state machine does not have logging enabled"; Control Tower's remediation of the same check: "In
 * LoggingConfiguration, set Level to ERROR or ALL, and set Destinations to a list with one or more valid
 * Amazon CloudWatch Logs log group ARNs". An Express workflow without it leaves no trace of a failed
 * execution at all (Step Functions developer guide: "Express Workflows don't record execution history").
 *
 * Controls: StepFunctions.1 (FSBP).
 */
export const sfnLoggingEnabled = resourcePolicy({
    name: "sfn-state-machine-logging",
    description: "Step Functions state machines log to CloudWatch Logs at level ALL, ERROR or FATAL.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "states",
    controls: ["StepFunctions.1"],
    // The destination is the ARN of a log group, often created in the same update and unknown at preview
    // (the baseline's marker logs to one): judged at `pulumi up`, never refused for what preview cannot see.
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.sfn.StateMachine, (machine, _args, reportViolation) => {
        const logging = machine.loggingConfiguration;
        const level = logging?.level ?? "OFF";
        if (!LOGGING_LEVELS.includes(level))
            reportViolation(
                `State machine logging is ${level}: set loggingConfiguration.level to ERROR (or ALL, FATAL) and a logDestination.`,
            );
        else if (!logging?.logDestination)
            reportViolation(
                "State machine logging has no logDestination: name a CloudWatch Logs log group (its ARN followed by ':*').",
            );
    }),
});
