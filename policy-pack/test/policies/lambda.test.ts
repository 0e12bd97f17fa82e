import * as fs from "fs";
import * as path from "path";
import { defaultPackConfig } from "../../src/config";
import { LAMBDA_RUNTIME_DEPRECATION, LAMBDA_RUNTIMES_CHECKED, SUPPORTED_LAMBDA_RUNTIMES } from "../../src/lambdaRuntimes";
import { lambdaInVpc } from "../../src/policies/lambda/functionInVpc";
import { lambdaSupportedRuntime } from "../../src/policies/lambda/supportedRuntime";
import { lambdaTracingActive } from "../../src/policies/lambda/tracingActive";
import { ResourceCase, runResourcePolicyCases } from "../cases";
import { permissionNotPublic } from "../../src/policies/lambda/permissionNotPublic";
import { runAddedResourceCases, runStackPolicyCases } from "../cases";
import { ACCOUNT, compliantResources, patched, Res, urnOf } from "../fixtures";
import { UNKNOWN_SENTINEL } from "../../src/offline";

const NOT_IN_VPC = "Lambda function is not in a VPC: set vpcConfig.subnetIds and vpcConfig.securityGroupIds.";
const edgeFn = (name: string): Res => ({
    type: "aws:lambda/function:Function",
    name,
    inputs: { name, runtime: "nodejs22.x", handler: "index.handler", publish: true },
});
const distribution = (inputs: Record<string, unknown>, propertyDependencies?: Record<string, string[]>): Res => ({
    type: "aws:cloudfront/distribution:Distribution",
    name: "cdn",
    inputs: { enabled: true, ...inputs },
    ...(propertyDependencies ? { propertyDependencies } : {}),
});
const behaviour = (lambdaArn: unknown) => ({
    targetOriginId: "site",
    viewerProtocolPolicy: "redirect-to-https",
    lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn }],
});
const EDGE_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:edge-auth`;

runStackPolicyCases([
    [
        lambdaInVpc,
        [
            ["no VPC", patched("api-backend", { vpcConfig: undefined }), [["api-backend", NOT_IN_VPC]]],
            [
                "a function outside a VPC that no distribution runs",
                [...compliantResources(), edgeFn("edge-auth")],
                [["edge-auth", NOT_IN_VPC]],
            ],
            [
                // CloudFront developer guide, Restrictions on Lambda@Edge: VPC access is "not supported by Lambda@Edge".
                "a Lambda@Edge function, by property dependency (lambdaArn: fn.qualifiedArn, unknown at preview)",
                [
                    ...compliantResources(),
                    edgeFn("edge-auth"),
                    distribution(
                        { defaultCacheBehavior: behaviour(UNKNOWN_SENTINEL) },
                        { defaultCacheBehavior: [urnOf("aws:lambda/function:Function", "edge-auth")] },
                    ),
                ],
                [],
            ],
            [
                "a Lambda@Edge function, by qualified ARN in an ordered cache behaviour, beside a function outside a VPC that is not",
                [
                    ...compliantResources(),
                    edgeFn("edge-auth"),
                    edgeFn("worker"),
                    distribution({
                        defaultCacheBehavior: behaviour(undefined),
                        orderedCacheBehaviors: [behaviour(`${EDGE_ARN}:3`)],
                    }),
                ],
                [["worker", NOT_IN_VPC]],
            ],
            [
                "a Lambda@Edge function, by unqualified ARN in the default cache behaviour",
                [...compliantResources(), edgeFn("edge-auth"), distribution({ defaultCacheBehavior: behaviour(EDGE_ARN) })],
                [],
            ],
            [
                "a distribution's lambdaArn unknown at preview that no property dependency names: judged at pulumi up",
                [
                    ...compliantResources(),
                    edgeFn("edge-auth"),
                    distribution({ defaultCacheBehavior: behaviour(UNKNOWN_SENTINEL) }),
                ],
                [
                    [
                        "(stack)",
                        "can't run policy 'lambda-function-in-vpc' during preview: defaultCacheBehavior.lambdaFunctionAssociations.0.lambdaArn is unknown",
                    ],
                ],
            ],
        ],
    ],
]);

runResourcePolicyCases([
    [
        lambdaSupportedRuntime,
        [
            [
                "deprecated runtime",
                "api-backend",
                { runtime: "nodejs16.x" },
                [
                    expect.stringMatching(
                        /^Lambda runtime 'nodejs16.x' is not supported; use one of nodejs22.x, nodejs24.x, /,
                    ) as unknown as string,
                ],
            ],
            ["container image", "api-backend", { runtime: undefined, packageType: "Image" }, []],
            // Current runtimes the default list had left out (AWS Lambda Developer Guide, 2026-12-06).
            ["java25", "api-backend", { runtime: "java25" }, []],
            ["dotnet10", "api-backend", { runtime: "dotnet10" }, []],
            ["java8.al2 (deprecated on Jun 30, 2027)", "api-backend", { runtime: "java8.al2" }, []],
            ["java17.al2023", "api-backend", { runtime: "java17.al2023" }, []],
            // Deprecated before 2026-12-06: Apr 30, Oct 31 and Nov 10, 2026.
            ...["nodejs20.x", "python3.10", "dotnet8"].map((runtime): ResourceCase => [
                `${runtime} (deprecated)`,
                "api-backend",
                { runtime },
                [
                    expect.stringMatching(
                        new RegExp(`^Lambda runtime '${runtime.replace(".", "\\.")}' is not supported; use one of `),
                    ) as unknown as string,
                ],
            ]),
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

describe("lambda-function-supported-runtime: the default list keeps up with AWS", () => {
    /**
     * The values of @pulumi/aws's `lambda.Runtime` that its declaration does not mark
     * `@deprecated` (types/enums/lambda/index.d.ts), read from the installed package.
     */
    function providerRuntimes(): string[] {
        const file = path.join(path.dirname(require.resolve("@pulumi/aws/package.json")), "types/enums/lambda/index.d.ts");
        const body = /export declare const Runtime: \{([\s\S]*?)\n\};/.exec(fs.readFileSync(file, "utf8"))![1];
        const out: string[] = [];
        let deprecated = false;
        for (const line of body.split("\n")) {
            if (line.includes("@deprecated")) deprecated = true;
            const value = /^\s*readonly \w+: "([^"]+)";/.exec(line)?.[1];
            if (value === undefined) continue;
            if (!deprecated) out.push(value);
            deprecated = false;
        }
        return out;
    }

    it("reads the provider's runtimes", () => {
        const runtimes = providerRuntimes();
        expect(runtimes).toEqual(expect.arrayContaining(["nodejs24.x", "python3.14", "java25", "dotnet10"]));
        expect(runtimes).not.toContain("nodejs16.x");
    });

    it("classifies every runtime @pulumi/aws does not mark deprecated (a provider upgrade that adds one fails here until its AWS date is recorded)", () => {
        const unclassified = providerRuntimes().filter((r) => !(r in LAMBDA_RUNTIME_DEPRECATION));
        expect(unclassified).toEqual([]);
    });

    it("defaults to every runtime of the provider that AWS had not deprecated on the day the table was read", () => {
        const { supportedLambdaRuntimes } = defaultPackConfig();
        const current = providerRuntimes().filter((r) => {
            const date = LAMBDA_RUNTIME_DEPRECATION[r];
            return date === undefined || date > LAMBDA_RUNTIMES_CHECKED;
        });
        expect(current).toEqual(expect.arrayContaining(["java25", "dotnet10", "java8.al2"]));
        expect(supportedLambdaRuntimes).toEqual(expect.arrayContaining(current));
        expect(supportedLambdaRuntimes).toEqual(SUPPORTED_LAMBDA_RUNTIMES);
        for (const r of supportedLambdaRuntimes) {
            const date = LAMBDA_RUNTIME_DEPRECATION[r];
            expect([r, date === undefined || date > LAMBDA_RUNTIMES_CHECKED]).toEqual([r, true]);
        }
    });
});
