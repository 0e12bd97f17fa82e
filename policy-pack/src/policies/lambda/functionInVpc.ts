import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * Lambda functions run in a VPC (`vpcConfig` with subnets and security groups),
 * so their traffic to the database and the data bucket stays on private endpoints.
 *
 * Controls: Lambda.3 (NIST).
 */
export const lambdaInVpc = resourcePolicy({
    name: "lambda-function-in-vpc",
    description: "Lambda functions run in a VPC.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "lambda",
    controls: ["Lambda.3"],
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, _args, reportViolation) => {
        if (!fn.vpcConfig?.subnetIds?.length || !fn.vpcConfig.securityGroupIds?.length)
            reportViolation("Lambda function is not in a VPC: set vpcConfig.subnetIds and vpcConfig.securityGroupIds.");
    }),
});
