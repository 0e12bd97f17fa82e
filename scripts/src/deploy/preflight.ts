/**
 * Checks made before any Pulumi command runs: the CLI the Automation API
 * drives, a Pulumi backend, AWS credentials, the project folders, the stack
 * files and the policy pack (policyConfig.ts). Every problem is collected, so
 * one message says everything to install or set.
 * The file system and environment are injected, so the tests need neither.
 */
import * as path from "path";
import { PreflightHost, PreflightProblem, formatProblem, pulumiCliProblem } from "../pulumiCli";
import { DeployPlan } from "./plan";
import { checkPolicyPack, checkPolicyPackConfigs } from "./policyConfig";
import { checkStackFiles } from "./stackFiles";

/** A Pulumi backend: an access token, an explicit backend URL, or a `pulumi login` state. */
export function pulumiBackend(host: PreflightHost): string | undefined {
    const env = host.env;
    if (env.PULUMI_BACKEND_URL) return `PULUMI_BACKEND_URL (${env.PULUMI_BACKEND_URL})`;
    if (env.PULUMI_ACCESS_TOKEN) return "PULUMI_ACCESS_TOKEN";
    const home = env.PULUMI_HOME || path.join(host.homeDir, ".pulumi");
    const text = host.readFile(path.join(home, "credentials.json"));
    if (text) {
        try {
            const creds = JSON.parse(text) as { current?: string };
            if (creds.current) return `pulumi login (${creds.current})`;
        } catch {
            // An unreadable file is the same as no login.
        }
    }
    return undefined;
}

/** Where the AWS SDK would find credentials, or undefined. Instance roles (IMDS) cannot be seen from here. */
export function awsCredentials(host: PreflightHost): string | undefined {
    const env = host.env;
    if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return "AWS_ACCESS_KEY_ID";
    if (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE) return `profile ${env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE}`;
    if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return "web identity (OIDC)";
    if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return "container credentials";
    const files = [
        env.AWS_SHARED_CREDENTIALS_FILE || path.join(host.homeDir, ".aws", "credentials"),
        env.AWS_CONFIG_FILE || path.join(host.homeDir, ".aws", "config"),
    ];
    const found = files.find((f) => host.exists(f));
    return found ? `default profile (${found})` : undefined;
}

export function preflight(plan: DeployPlan, host: PreflightHost): PreflightProblem[] {
    const problems: PreflightProblem[] = [];
    const cli = pulumiCliProblem(host, "the Automation API drives it");
    if (cli) problems.push(cli);
    if (!pulumiBackend(host)) {
        problems.push({
            what: "no Pulumi backend is configured",
            fix: "set PULUMI_ACCESS_TOKEN (Pulumi Cloud), or PULUMI_BACKEND_URL=s3://<state-bucket> (self-managed state), or run pulumi login",
        });
    }
    if (host.env.AWS_ACCESS_KEY_ID && !host.env.AWS_SECRET_ACCESS_KEY) {
        problems.push({
            what: "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY",
            fix: "set both, or neither and use a profile",
        });
    } else if (!awsCredentials(host)) {
        problems.push({
            what:
                "no AWS credentials found in the environment or ~/.aws (this check cannot see an EC2 instance profile " +
                "or other instance-metadata credentials, which the AWS SDK would still use)",
            fix:
                "set AWS_PROFILE (after aws configure or aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; " +
                "in GitHub Actions use aws-actions/configure-aws-credentials; on a host whose instance profile holds the " +
                "credentials, name them in a profile (credential_source = Ec2InstanceMetadata with role_arn) and set AWS_PROFILE",
        });
    }
    const rel = (p: string): string => path.relative(plan.root, p);
    const projects = [...new Set(plan.waves.flat().map((s) => s.workDir))];
    for (const dir of projects) {
        if (!host.exists(path.join(dir, "Pulumi.yaml"))) {
            problems.push({
                what: `${rel(dir)}/Pulumi.yaml does not exist`,
                fix: "the layer's Pulumi project is not there yet: check out a branch that has it",
            });
        }
    }
    problems.push(
        ...checkPolicyPack(plan, host, { built: true }),
        ...checkStackFiles(plan, host),
        ...checkPolicyPackConfigs(plan, host),
    );
    return problems;
}

export function formatProblems(problems: readonly PreflightProblem[]): string {
    return [
        `cannot deploy: ${problems.length} thing${problems.length === 1 ? "" : "s"} to fix first (nothing was run):`,
        ...problems.map(formatProblem),
        "(npm run deploy -- <op> --dry-run shows the plan without any of these.)",
    ].join("\n");
}
