import { resourcePolicy } from "../../policy";
import { secretProblem, textSecretProblem } from "../../secrets";
import { asRecord, jsonInput } from "../../util";

function decodeUserData(v: unknown): unknown {
    if (typeof v !== "string") return v;
    // Launch templates take user data base64-encoded.
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0) {
        const text = Buffer.from(v, "base64").toString("utf8");
        if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)) return text;
    }
    return v;
}

type Props = Record<string, unknown>;
type NamedValue = { name?: string; value?: unknown };

const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** `<where> <name> <why>: <advice>` for each variable of `vars` that holds a secret (secretProblem). */
function variables(vars: readonly NamedValue[], where: string, advice: string): string[] {
    return vars.flatMap((v) => {
        const why = secretProblem(String(v.name ?? ""), v.value);
        return why ? [`${where}${where.endsWith(".") ? "" : " "}${v.name} ${why}: ${advice}`] : [];
    });
}

const fromMap = (m: unknown): NamedValue[] => Object.entries(asRecord(m)).map(([name, value]) => ({ name, value }));

/** A password input that is set, where the service can keep it elsewhere instead (`advice`). */
function passwordSet(p: Props, keys: readonly string[], advice: string): string[] {
    return keys.filter((k) => typeof p[k] === "string" && p[k] !== "").map((k) => `${k} is set in the program: ${advice}`);
}

const MANAGED_PASSWORD = "set manageMasterUserPassword: true so the password lives in Secrets Manager.";
const RUN_TIME = "read it from Secrets Manager or SSM SecureString at run time.";

/** Per type, the secrets written into its plain inputs, as violation messages. */
const CHECKS: Readonly<Record<string, (p: Props) => string[]>> = {
    "aws:rds/instance:Instance": (p) => passwordSet(p, ["password"], MANAGED_PASSWORD),
    "aws:rds/cluster:Cluster": (p) => passwordSet(p, ["masterPassword"], MANAGED_PASSWORD),
    "aws:redshift/cluster:Cluster": (p) => passwordSet(p, ["masterPassword"], MANAGED_PASSWORD),
    "aws:docdb/cluster:Cluster": (p) => passwordSet(p, ["masterPassword"], MANAGED_PASSWORD),
    "aws:redshiftserverless/namespace:Namespace": (p) =>
        passwordSet(p, ["adminUserPassword"], "set manageAdminPassword: true so the password lives in Secrets Manager."),
    "aws:dms/endpoint:Endpoint": (p) =>
        passwordSet(p, ["password"], "give the endpoint secretsManagerArn and secretsManagerAccessRoleArn instead."),
    "aws:glue/connection:Connection": (p) =>
        passwordSet(
            asRecord(p["connectionProperties"]),
            ["PASSWORD"],
            "name the secret in connectionProperties.SECRET_ID instead.",
        ).map((m) => `connectionProperties.${m}`),
    "aws:lambda/function:Function": (p) =>
        variables(fromMap(asRecord(p["environment"])["variables"]), "environment.variables.", RUN_TIME),
    "aws:ssm/parameter:Parameter": (p) => {
        if (p["type"] === "SecureString") return [];
        const why = secretProblem(String(p["name"] ?? ""), p["value"]) ?? textSecretProblem(p["value"]);
        return why ? [`value ${why}, in a parameter of type ${String(p["type"])}: use type SecureString.`] : [];
    },
    "aws:ec2/instance:Instance": (p) => userData(p),
    "aws:ec2/launchTemplate:LaunchTemplate": (p) => userData(p),
    "aws:ecs/taskDefinition:TaskDefinition": (p) =>
        list<{ name?: string; environment?: NamedValue[] }>(jsonInput(p["containerDefinitions"])).flatMap((c) =>
            variables(list(c.environment), `container ${c.name ?? "?"} environment`, "use secrets (valueFrom) instead."),
        ),
    "aws:batch/jobDefinition:JobDefinition": (p) => [
        ...variables(
            list(asRecord(jsonInput(p["containerProperties"]))["environment"]),
            "containerProperties.environment",
            "use secrets (valueFrom) instead.",
        ),
        ...list<{ containers?: { name?: string; environment?: NamedValue[] }[] }>(
            asRecord(jsonInput(p["ecsProperties"]))["taskProperties"],
        ).flatMap((t) =>
            list<{ name?: string; environment?: NamedValue[] }>(t.containers).flatMap((c) =>
                variables(
                    list(c.environment),
                    `ecsProperties container ${c.name ?? "?"} environment`,
                    "use secrets (valueFrom) instead.",
                ),
            ),
        ),
    ],
    "aws:codebuild/project:Project": (p) =>
        variables(
            list<NamedValue & { type?: string }>(asRecord(p["environment"])["environmentVariables"]).filter(
                (v) => (v.type ?? "PLAINTEXT") === "PLAINTEXT",
            ),
            "environment.environmentVariables",
            "use type SECRETS_MANAGER or PARAMETER_STORE with the secret's name.",
        ),
    "aws:apprunner/service:Service": (p) => {
        const source = asRecord(p["sourceConfiguration"]);
        const image = asRecord(asRecord(source["imageRepository"])["imageConfiguration"]);
        const code = asRecord(asRecord(asRecord(source["codeRepository"])["codeConfiguration"])["codeConfigurationValues"]);
        const advice = "use runtimeEnvironmentSecrets (a Secrets Manager or SSM ARN) instead.";
        return [
            ...variables(fromMap(image["runtimeEnvironmentVariables"]), "runtimeEnvironmentVariables", advice),
            ...variables(fromMap(code["runtimeEnvironmentVariables"]), "runtimeEnvironmentVariables", advice),
        ];
    },
    // Environment properties are the namespace aws:elasticbeanstalk:application:environment (Elastic Beanstalk
    // Developer Guide, "General options for all environments").
    "aws:elasticbeanstalk/environment:Environment": (p) =>
        variables(
            list<NamedValue & { namespace?: string }>(p["settings"]).filter(
                (v) => v.namespace === "aws:elasticbeanstalk:application:environment",
            ),
            "environment property",
            RUN_TIME,
        ),
};

function userData(p: Props): string[] {
    const why = textSecretProblem(decodeUserData(p["userData"]));
    return why ? [`userData ${why}: give the instance a role and read secrets at boot.`] : [];
}

/**
 * No secret in a plain input, where it lands in the program, the state and the
 * preview: a database master password (use `manageMasterUserPassword`, which
 * keeps it in Secrets Manager; `manageAdminPassword` for Redshift Serverless; a
 * secret's ARN for DMS endpoints and Glue connections), AWS access keys or
 * secret-named literals in a Lambda's, a container's, a Batch job's, an App Runner
 * service's or an Elastic Beanstalk environment's variables, a secret in an SSM
 * parameter of type String (use SecureString), keys in EC2 user data, and the same
 * in a CodeBuild project's PLAINTEXT environment variables (`PARAMETER_STORE` and
 * `SECRETS_MANAGER` variables hold a reference, which CodeBuild resolves at build time).
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
    resourceTypes: Object.keys(CHECKS),
    validateResource: (args, reportViolation) => {
        for (const message of CHECKS[args.type]?.(args.props) ?? []) reportViolation(message);
    },
});
