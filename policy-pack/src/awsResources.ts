/**
 * The @pulumi/aws resource classes the pack's typed policies name in
 * `validateResourceOfType`, as type tokens alone.
 *
 * The analyzer matches a resource to such a policy by the class's `__pulumiType`
 * and nothing else (@pulumi/policy `isTypeOf` in server.js: "return type ===
 * pulumiType"; the offline evaluator does the same), and the props it hands the
 * policy are the resource's inputs, never an instance of the class. Importing
 * @pulumi/aws at run time only to read a few type strings made every policy-pack
 * process load it (about 0.2 s of CPU at each start, once for every preview and
 * up of every stack the pack judges) and made every machine that enforces the
 * pack install it (84 MB, the largest package in the pack's tree). So the pack
 * imports @pulumi/aws for its types only (`import type`, erased when compiled),
 * and it is a devDependency of the pack, needed to build it, not to run it.
 *
 * Each entry has its class's constructor type, so `validateResourceOfType` infers
 * the props exactly as it does from the class. The types come from each class's own
 * module: the package's index pulls in every service, and compiling the pack read
 * 3,194 files through it (`tsc --extendedDiagnostics`: 5.4 s) against 539 this way
 * (3.5 s), at every `npm pack`. `awsResources.test.ts` checks every token against
 * @pulumi/aws's own class, and the lint config refuses a value import of @pulumi/aws
 * anywhere in the pack's sources.
 */
import type { Stage } from "@pulumi/aws/apigateway/stage";
import type { LogGroup } from "@pulumi/aws/cloudwatch/logGroup";
import type { DefaultSecurityGroup } from "@pulumi/aws/ec2/defaultSecurityGroup";
import type { Subnet } from "@pulumi/aws/ec2/subnet";
import type { AccountPasswordPolicy } from "@pulumi/aws/iam/accountPasswordPolicy";
import type { Key } from "@pulumi/aws/kms/key";
import type { Function as LambdaFunction } from "@pulumi/aws/lambda/function";
import type { Secret } from "@pulumi/aws/secretsmanager/secret";
import type { StateMachine } from "@pulumi/aws/sfn/stateMachine";
import type { Topic } from "@pulumi/aws/sns/topic";

/** A stand-in for a resource class that carries only what the analyzer reads of it. */
function resourceClass<C>(type: string): C {
    return { __pulumiType: type } as unknown as C;
}

export const aws = {
    apigateway: {
        Stage: resourceClass<typeof Stage>("aws:apigateway/stage:Stage"),
    },
    cloudwatch: {
        LogGroup: resourceClass<typeof LogGroup>("aws:cloudwatch/logGroup:LogGroup"),
    },
    ec2: {
        DefaultSecurityGroup: resourceClass<typeof DefaultSecurityGroup>("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"),
        Subnet: resourceClass<typeof Subnet>("aws:ec2/subnet:Subnet"),
    },
    iam: {
        AccountPasswordPolicy: resourceClass<typeof AccountPasswordPolicy>("aws:iam/accountPasswordPolicy:AccountPasswordPolicy"),
    },
    kms: {
        Key: resourceClass<typeof Key>("aws:kms/key:Key"),
    },
    lambda: {
        Function: resourceClass<typeof LambdaFunction>("aws:lambda/function:Function"),
    },
    secretsmanager: {
        Secret: resourceClass<typeof Secret>("aws:secretsmanager/secret:Secret"),
    },
    sfn: {
        StateMachine: resourceClass<typeof StateMachine>("aws:sfn/stateMachine:StateMachine"),
    },
    sns: {
        Topic: resourceClass<typeof Topic>("aws:sns/topic:Topic"),
    },
} as const;
