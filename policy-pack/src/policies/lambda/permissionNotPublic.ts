import { resourcePolicy } from "../../policy";

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
            keys.some((k) => typeof p[k] === "string" && p[k] !== "" && !/^[*?]+$/.test(String(p[k])));
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
