import { sfnLoggingEnabled } from "../../src/policies/sfn/loggingEnabled";
import { UNKNOWN_SENTINEL } from "../../src/offline";
import { AddedCase, runAddedResourceCases } from "../cases";
import { compliantResources, evaluate, Res } from "../fixtures";

const LOG = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*";
const machine = (loggingConfiguration?: Record<string, unknown>): Res => ({
    type: "aws:sfn/stateMachine:StateMachine",
    name: "orders",
    inputs: {
        roleArn: "arn:aws:iam::123456789012:role/orders-sfn",
        definition: "{}",
        type: "EXPRESS",
        ...(loggingConfiguration ? { loggingConfiguration } : {}),
    },
});

const CASES: AddedCase[] = [
    ["logs errors to a log group", [machine({ level: "ERROR", includeExecutionData: false, logDestination: LOG })], []],
    ["logs everything", [machine({ level: "ALL", includeExecutionData: true, logDestination: LOG })], []],
    ["logs fatal errors only (the lowest level AWS Config accepts)", [machine({ level: "FATAL", logDestination: LOG })], []],
    [
        "no logging configuration",
        [machine()],
        [
            [
                "orders",
                "State machine logging is OFF: set loggingConfiguration.level to ERROR (or ALL, FATAL) and a logDestination.",
            ],
        ],
    ],
    [
        "logging turned off",
        [machine({ level: "OFF", logDestination: LOG })],
        [
            [
                "orders",
                "State machine logging is OFF: set loggingConfiguration.level to ERROR (or ALL, FATAL) and a logDestination.",
            ],
        ],
    ],
    [
        "a level without a destination",
        [machine({ level: "ERROR" })],
        [["orders", "State machine logging has no logDestination: name a CloudWatch Logs log group (its ARN followed by ':*')."]],
    ],
];

runAddedResourceCases([[sfnLoggingEnabled, CASES]]);

test("a state machine logging to a log group created in the same update is judged at pulumi up, not refused at preview", () => {
    const report = evaluate(sfnLoggingEnabled, [
        ...compliantResources(),
        machine({ level: "ERROR", includeExecutionData: false, logDestination: UNKNOWN_SENTINEL }),
    ]);
    expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(report.violations.map((v) => v.message.split("\n")[0])).toEqual([
        "can't run policy 'sfn-state-machine-logging' during preview: loggingConfiguration.logDestination is unknown",
    ]);
});
