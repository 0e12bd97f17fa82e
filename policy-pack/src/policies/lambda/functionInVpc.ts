import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { ifKnown, judgeEach } from "../../unknown";
import { asArray, asRecord } from "../../util";

const FUNCTION = "aws:lambda/function:Function";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
/** The cache behaviours of a distribution that carry `lambdaFunctionAssociations` (@pulumi/aws). */
const BEHAVIOURS = ["defaultCacheBehavior", "orderedCacheBehaviors"] as const;

/** `arn:<partition>:lambda:<region>:<account>:function:<name>[:<version>]`: the function's name. */
const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;

/**
 * The functions a distribution of the stack runs at the edge (Lambda@Edge): those its cache behaviours'
 * `lambdaFunctionAssociations[].lambdaArn` name, by property dependency (`lambdaArn: fn.qualifiedArn` records
 * the function under the behaviour's key) or by ARN, qualified (`...:function:<name>:<version>`) or not.
 * An unknown `lambdaArn` whose behaviour records no function as a dependency could be any function: the
 * returned `undetermined` then re-reads it, so that judging a function outside a VPC defers to `pulumi up`.
 */
function edgeFunctions(resources: readonly PolicyResource[]): { urns: Set<string>; undetermined?: () => unknown } {
    const functions = resources.filter((r) => r.type === FUNCTION);
    const urns = new Set<string>();
    // Reads an unknown `lambdaArn` that no property dependency names: reading it again throws its unknown-value error.
    let undetermined: (() => unknown) | undefined;
    for (const d of resources.filter((r) => r.type === DISTRIBUTION))
        for (const key of BEHAVIOURS) {
            const deps = (d.propertyDependencies?.[key] ?? []).filter((r) => r.type === FUNCTION);
            for (const f of deps) urns.add(f.urn);
            const behaviours = ifKnown(() => asArray(d.props[key] as unknown[]));
            const associations: (() => unknown)[] = [];
            if (behaviours === undefined) associations.push(() => d.props[key]);
            else
                for (const b of behaviours) {
                    const list = ifKnown(() => asArray(asRecord(b)["lambdaFunctionAssociations"] as unknown[]));
                    if (list === undefined) associations.push(() => asRecord(b)["lambdaFunctionAssociations"]);
                    else for (const a of list) associations.push(() => asRecord(a)["lambdaArn"]);
                }
            for (const read of associations) {
                const arn = ifKnown(read);
                if (arn === undefined) {
                    // The engine records the function an unknown ARN comes from; without that, it is not told.
                    if (deps.length === 0) undetermined ??= read;
                    continue;
                }
                if (typeof arn !== "string") continue;
                const name = FUNCTION_ARN.exec(arn)?.[1];
                for (const f of functions) {
                    const ids = ["arn", "qualifiedArn", "name"].map((k) => ifKnown(() => f.props[k]));
                    if (ids.includes(arn) || (name !== undefined && ids[2] === name)) urns.add(f.urn);
                }
            }
        }
    return { urns, undetermined };
}

/**
 * Lambda functions run in a VPC (`vpcConfig` with subnets and security groups),
 * so their traffic to the database and the data bucket stays on private endpoints.
 *
 * A Lambda@Edge function (one a CloudFront distribution of the stack associates with a cache
 * behaviour) is not judged: the CloudFront developer guide ("Restrictions on Lambda@Edge") lists VPC
 * access among the Lambda features "not supported by Lambda@Edge". Telling such a function needs the
 * distributions, which only a stack policy sees; a stack policy runs after the update under
 * `pulumi up --skip-preview`, which is acceptable for this opinion (a function outside a VPC is not
 * exposed by being created), unlike for a public-access guardrail that must stop a resource before it
 * exists. While a distribution's `lambdaArn` is unknown at preview and no property dependency names its
 * function, a function outside a VPC is judged at `pulumi up`.
 *
 * Controls: Lambda.3 (NIST).
 */
export const lambdaInVpc = stackPolicy({
    name: "lambda-function-in-vpc",
    description: "Lambda functions run in a VPC, except Lambda@Edge functions of the stack's CloudFront distributions.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "lambda",
    controls: ["Lambda.3"],
    onUnknown: "defer",
    resourceTypes: [FUNCTION, DISTRIBUTION],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const functions = args.resources.filter((r) => r.type === FUNCTION);
        if (functions.length === 0) return;
        let edge: ReturnType<typeof edgeFunctions> | undefined;
        judgeEach(functions, (fn) => {
            const vpc = fn.props["vpcConfig"] as { subnetIds?: unknown[]; securityGroupIds?: unknown[] } | undefined;
            if (vpc?.subnetIds?.length && vpc.securityGroupIds?.length) return;
            edge ??= edgeFunctions(args.resources);
            if (edge.urns.has(fn.urn)) return;
            // Throws the unknown-value error of the lambdaArn that could name this function: deferred.
            edge.undetermined?.();
            reportViolation("Lambda function is not in a VPC: set vpcConfig.subnetIds and vpcConfig.securityGroupIds.", fn.urn);
        });
    },
});
