import { resourcePolicy } from "../../policy";

/**
 * Whether a `sourceArn` names sources of one account: an S3 bucket ARN carries no account, so only a bucket
 * named without wildcards pins (`arn:aws:s3:::*` is every bucket of every account; the Lambda API reference,
 * AddPermission, SourceAccount: "Use this together with SourceArn to ensure that the specified account owns
 * the resource"); any other ARN pins when its account field is an account id.
 */
function sourceArnPins(arn: string): boolean {
    const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(arn);
    if (s3) return !/[*?]/.test(s3[1]);
    const account = arn.split(":")[4];
    return account !== undefined && /^\d{12}$/.test(account);
}

/**
 * Lambda functions cannot be invoked by anyone: an `aws.lambda.Permission` for
 * `*` needs `sourceArn`, `sourceAccount` or `principalOrgId`; one for an AWS
 * service principal needs `sourceArn` or `sourceAccount` (otherwise any
 * account's bucket, topic or API of that service can invoke it); a function URL
 * or a permission for one is not `NONE` (unauthenticated); a layer version is not shared with `*`
 * without an `organizationId` (every account could read its code: "`principal` should be set to `*`
 * when `organizationId` is provided").
 *
 * Controls: Lambda.1 (FSBP).
 */
export const permissionNotPublic = resourcePolicy({
    name: "lambda-permission-not-public",
    description: "Lambda permissions and function URLs do not let anyone invoke a function, nor layer permissions read a layer.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "lambda",
    controls: ["Lambda.1"],
    onUnknown: "defer",
    resourceTypes: [
        "aws:lambda/permission:Permission",
        "aws:lambda/functionUrl:FunctionUrl",
        "aws:lambda/layerVersionPermission:LayerVersionPermission",
    ],
    validateResource: (args, reportViolation) => {
        const p = args.props;
        if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
            if (p["authorizationType"] === "NONE")
                reportViolation("Function URL has authorizationType NONE: anyone on the internet can invoke it; use AWS_IAM.");
            return;
        }
        if (args.type === "aws:lambda/layerVersionPermission:LayerVersionPermission") {
            const org = p["organizationId"];
            if (p["principal"] === "*" && (typeof org !== "string" || org === ""))
                reportViolation(
                    "Layer permission shares the layer version with principal '*' and no organizationId: every AWS account can read its code; name an account or set organizationId.",
                );
            return;
        }
        if (args.type !== "aws:lambda/permission:Permission") return;
        const principal = String(p["principal"]);
        const pinned = (keys: string[]) =>
            keys.some((k) => {
                const v = p[k];
                if (typeof v !== "string" || v === "" || /^[*?]+$/.test(v)) return false;
                return k !== "sourceArn" || sourceArnPins(v);
            });
        if (p["functionUrlAuthType"] === "NONE")
            reportViolation("Permission opens a function URL with functionUrlAuthType NONE: anyone can invoke it.");
        if (principal === "*" && !pinned(["sourceArn", "sourceAccount", "principalOrgId"]))
            reportViolation(
                "Permission lets principal '*' invoke the function without sourceArn, sourceAccount or principalOrgId.",
            );
        else if (/\.amazonaws\.com$/.test(principal) && !pinned(["sourceArn", "sourceAccount"]))
            reportViolation(`Permission lets ${principal} invoke the function for any account: set sourceArn or sourceAccount.`);
    },
});
