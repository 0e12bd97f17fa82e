import { lambdaInVpc } from "../../src/policies/lambda/functionInVpc";
import { lambdaSupportedRuntime } from "../../src/policies/lambda/supportedRuntime";
import { lambdaTracingActive } from "../../src/policies/lambda/tracingActive";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        lambdaInVpc,
        [
            [
                "no VPC",
                "api-backend",
                { vpcConfig: undefined },
                ["Lambda function is not in a VPC: set vpcConfig.subnetIds and vpcConfig.securityGroupIds."],
            ],
        ],
    ],
    [
        lambdaSupportedRuntime,
        [
            [
                "deprecated runtime",
                "api-backend",
                { runtime: "nodejs16.x" },
                [
                    expect.stringMatching(
                        /^Lambda runtime 'nodejs16.x' is not supported; use one of nodejs20.x, /,
                    ) as unknown as string,
                ],
            ],
            ["container image", "api-backend", { runtime: undefined, packageType: "Image" }, []],
        ],
    ],
    [
        lambdaTracingActive,
        [
            [
                "PassThrough",
                "api-backend",
                { tracingConfig: { mode: "PassThrough" } },
                ["Lambda function does not trace: set tracingConfig.mode 'Active'."],
            ],
        ],
    ],
]);
