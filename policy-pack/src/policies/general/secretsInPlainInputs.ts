import { resourcePolicy } from "../../policy";
import { secretProblem, textSecretProblem } from "../../secrets";

const DATABASES = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:redshift/cluster:Cluster",
    "aws:docdb/cluster:Cluster",
];
const TYPES = [
    ...DATABASES,
    "aws:lambda/function:Function",
    "aws:ssm/parameter:Parameter",
    "aws:ec2/instance:Instance",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:codebuild/project:Project",
];

function decodeUserData(v: unknown): unknown {
    if (typeof v !== "string") return v;
    // Launch templates take user data base64-encoded.
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0) {
        const text = Buffer.from(v, "base64").toString("utf8");
        if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)) return text;
    }
    return v;
}

/**
 * No secret in a plain input, where it lands in the program, the state and the
 * preview: a database master password (use `manageMasterUserPassword`, which
 * keeps it in Secrets Manager), AWS access keys or secret-named literals in a
 * Lambda's or a container's environment, a secret in an SSM parameter of type
 * String (use SecureString), keys in EC2 user data, and the same in a CodeBuild
 * project's PLAINTEXT environment variables (`PARAMETER_STORE` and `SECRETS_MANAGER`
 * variables hold a reference, which CodeBuild resolves at build time).
 *
 * Controls: none mapped (CodeBuild.2 and ECS.8 are the same finding for their
 * services' environment variables).
 */
export const secretsInPlainInputs = resourcePolicy({
    name: "aws-no-secrets-in-plain-inputs",
    description:
        "No database password, access key or secret literal in plain inputs (managed passwords, SecureString, Secrets Manager instead).",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "general",
    controls: [],
    onUnknown: "defer",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        const p = args.props;
        const known = (k: string) => p[k];
        if (DATABASES.includes(args.type)) {
            for (const k of ["password", "masterPassword"])
                if (typeof known(k) === "string" && known(k) !== "")
                    reportViolation(
                        `${k} is set in the program: set manageMasterUserPassword: true so the password lives in Secrets Manager.`,
                    );
        }
        if (args.type === "aws:lambda/function:Function") {
            const vars = (known("environment") as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
            for (const [name, v] of Object.entries(vars)) {
                const why = secretProblem(name, v);
                if (why)
                    reportViolation(
                        `environment.variables.${name} ${why}: read it from Secrets Manager or SSM SecureString at run time.`,
                    );
            }
        }
        if (args.type === "aws:ssm/parameter:Parameter" && known("type") !== "SecureString") {
            const why = secretProblem(String(known("name") ?? ""), known("value")) ?? textSecretProblem(known("value"));
            if (why) reportViolation(`value ${why}, in a parameter of type ${String(known("type"))}: use type SecureString.`);
        }
        if (args.type === "aws:ec2/instance:Instance" || args.type === "aws:ec2/launchTemplate:LaunchTemplate") {
            const why = textSecretProblem(decodeUserData(known("userData")));
            if (why) reportViolation(`userData ${why}: give the instance a role and read secrets at boot.`);
        }
        if (args.type === "aws:ecs/taskDefinition:TaskDefinition") {
            let defs: unknown = known("containerDefinitions");
            if (typeof defs === "string")
                try {
                    defs = JSON.parse(defs);
                } catch {
                    defs = [];
                }
            for (const c of Array.isArray(defs)
                ? (defs as { name?: string; environment?: { name?: string; value?: unknown }[] }[])
                : [])
                for (const e of c.environment ?? []) {
                    const why = secretProblem(String(e.name ?? ""), e.value);
                    if (why)
                        reportViolation(
                            `container ${c.name ?? "?"} environment ${e.name} ${why}: use secrets (valueFrom) instead.`,
                        );
                }
        }
        if (args.type === "aws:codebuild/project:Project") {
            const vars =
                (
                    known("environment") as
                        { environmentVariables?: { name?: string; value?: unknown; type?: string }[] } | undefined
                )?.environmentVariables ?? [];
            for (const v of vars) {
                if ((v.type ?? "PLAINTEXT") !== "PLAINTEXT") continue;
                const why = secretProblem(String(v.name ?? ""), v.value);
                if (why)
                    reportViolation(
                        `environment.environmentVariables ${v.name} ${why}: use type SECRETS_MANAGER or PARAMETER_STORE with the secret's name.`,
                    );
            }
        }
    },
});
