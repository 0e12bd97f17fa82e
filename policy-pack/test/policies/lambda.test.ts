import { lambdaInVpc } from "../../src/policies/lambda/functionInVpc";
import { lambdaSupportedRuntime } from "../../src/policies/lambda/supportedRuntime";
import { lambdaTracingActive } from "../../src/policies/lambda/tracingActive";
import { runResourcePolicyCases } from "../cases";
import { permissionNotPublic } from "../../src/policies/lambda/permissionNotPublic";
import { runAddedResourceCases } from "../cases";

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

runResourcePolicyCases([
    [
        permissionNotPublic,
        [
            [
                "principal * without a source",
                "api-invoke",
                { principal: "*", sourceArn: undefined },
                ["Permission lets principal '*' invoke the function without sourceArn, sourceAccount or principalOrgId."],
            ],
            [
                "a service principal for any account",
                "api-invoke",
                { principal: "s3.amazonaws.com", sourceArn: undefined },
                ["Permission lets s3.amazonaws.com invoke the function for any account: set sourceArn or sourceAccount."],
            ],
            [
                "a public function URL permission",
                "api-invoke",
                {
                    principal: "*",
                    sourceArn: undefined,
                    action: "lambda:InvokeFunctionUrl",
                    functionUrlAuthType: "NONE",
                    principalOrgId: "o-abc123",
                },
                ["Permission opens a function URL with functionUrlAuthType NONE: anyone can invoke it."],
            ],
            [
                "principal * within the organization passes",
                "api-invoke",
                { principal: "*", sourceArn: undefined, principalOrgId: "o-abc123" },
                [],
            ],
        ],
    ],
]);
runAddedResourceCases([
    [
        permissionNotPublic,
        [
            [
                "a function URL without auth",
                [
                    {
                        type: "aws:lambda/functionUrl:FunctionUrl",
                        name: "api-url",
                        inputs: { functionName: "api-backend", authorizationType: "NONE" },
                    },
                ],
                [["api-url", "Function URL has authorizationType NONE: anyone on the internet can invoke it; use AWS_IAM."]],
            ],
            [
                "an IAM-authenticated function URL passes",
                [
                    {
                        type: "aws:lambda/functionUrl:FunctionUrl",
                        name: "api-url",
                        inputs: { functionName: "api-backend", authorizationType: "AWS_IAM" },
                    },
                ],
                [],
            ],
        ],
    ],
]);
