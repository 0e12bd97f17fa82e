/**
 * The organization's guardrails, simulated: the IAM policy simulator evaluates each request with
 * the SCPs of the caller's OU and the RCP of the resource's OU, as AWS does. Every case is run a
 * second time against a mutated copy of the guardrails (the statement that decides it removed, or
 * its exemption removed), so a case that would pass without the guardrail fails the test.
 */
import {
    ANONYMOUS,
    FULL_AWS_ACCESS_SCP,
    OrganizationPolicyLevel,
    PolicyDocument,
    SimulationRequest,
    SimulationResult,
    simulate,
} from "../src/testing";
import {
    GLOBAL_SERVICE_ACTIONS,
    Guardrail,
    GuardrailFacts,
    OrgStatement,
    deployRoleArnPattern,
    resourceControlPolicies,
    serviceControlPolicies,
} from "../src/organization";
import { BASELINE_TAG } from "../src/tags";

const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-z9y8x7w6v5";
const MEMBER = "444444444444";
const OTHER_MEMBER = "555555555555";
const LOG_ARCHIVE = "222222222222";
const STRANGER = "999999999999";

// Two EU regions, so us-east-1 (where the global services' endpoints live) lies outside them.
const facts: GuardrailFacts = {
    regions: ["eu-central-1", "eu-west-1"],
    homeRegion: "eu-central-1",
    deployRoleName: "baseline-deploy",
    namePrefix: "baseline",
    baselineTag: BASELINE_TAG,
    organizationId: ORG,
};

const ADMIN = `arn:aws:iam::${MEMBER}:role/administrator`;
const DEPLOY = `arn:aws:iam::${MEMBER}:role/baseline-deploy`;
const ROOT = `arn:aws:iam::${MEMBER}:root`;
const ADMINISTRATOR_ACCESS: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

const KEY = `arn:aws:kms:eu-central-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DEFAULT_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MEMBER}:root` }, Action: "kms:*", Resource: "*" }],
};
const DATA_BUCKET = `arn:aws:s3:::baseline-data-${MEMBER}-eu-central-1`;
const TRAIL_BUCKET = `arn:aws:s3:::baseline-organization-trail-${LOG_ARCHIVE}`;

/** A bucket policy that (wrongly) grants another organization's account: only the RCP stands in the way. */
const DATA_BUCKET_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${STRANGER}:root` },
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
        },
        {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
            Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
        },
    ],
};

/** The log bucket's grants to the services that deliver into it. */
const TRAIL_BUCKET_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: ["cloudtrail.amazonaws.com", "config.amazonaws.com", "delivery.logs.amazonaws.com"] },
            Action: ["s3:PutObject", "s3:GetBucketAcl"],
            Resource: [TRAIL_BUCKET, `${TRAIL_BUCKET}/*`],
        },
    ],
};

interface Guardrails {
    readonly scps: Guardrail[];
    readonly rcps: Guardrail[];
}

const GUARDRAILS: Guardrails = { scps: serviceControlPolicies(facts), rcps: resourceControlPolicies(facts) };

/** The caller's SCPs: the root and the account keep FullAWSAccess, the OU carries the baseline's. */
const scpLevels = (g: Guardrails): OrganizationPolicyLevel[] => [
    { target: "r-ab12", policies: [FULL_AWS_ACCESS_SCP] },
    { target: "ou-ab12-workloads", policies: [FULL_AWS_ACCESS_SCP, ...g.scps.map((s) => s.document as PolicyDocument)] },
    { target: MEMBER, policies: [FULL_AWS_ACCESS_SCP] },
];
const rcpLevels = (g: Guardrails): OrganizationPolicyLevel[] => [
    { target: "ou-ab12-workloads", policies: g.rcps.map((r) => r.document as PolicyDocument) },
];

type Mutation = (s: OrgStatement) => OrgStatement | undefined;

/** A copy of the guardrails with the statement `sid` changed by `mutate` (or removed when it returns undefined). */
function mutated(sid: string, mutate: Mutation): Guardrails {
    let found = 0;
    const apply = (gs: Guardrail[]): Guardrail[] =>
        gs.map((g) => ({
            ...g,
            document: {
                ...g.document,
                Statement: g.document.Statement.flatMap((s) => {
                    if (s.Sid !== sid) return [s];
                    found++;
                    const m = mutate(s);
                    return m === undefined ? [] : [m];
                }),
            },
        }));
    const result = { scps: apply(GUARDRAILS.scps), rcps: apply(GUARDRAILS.rcps) };
    if (found !== 1) throw new Error(`statement ${sid} found ${found} times`);
    return result;
}
const removed = (sid: string): Guardrails => mutated(sid, () => undefined);
/** The statement without its deploy role exemption. */
const unexempted = (sid: string): Guardrails =>
    mutated(sid, (s) => {
        const { ArnNotLike: _dropped, ...rest } = s.Condition ?? {};
        const { Condition: _old, ...statement } = s;
        return Object.keys(rest).length > 0 ? { ...statement, Condition: rest } : statement;
    });

/** A request by a principal of a member account: its SCPs apply, and the resource's RCPs. */
type Req = Omit<SimulationRequest, "serviceControlPolicies" | "resourceControlPolicies"> & { readonly scp?: boolean };

async function run(req: Req, g: Guardrails = GUARDRAILS): Promise<SimulationResult> {
    const { scp = true, ...request } = req;
    return simulate({
        ...request,
        ...(scp ? { serviceControlPolicies: scpLevels(g) } : {}),
        resourceControlPolicies: rcpLevels(g),
    });
}

/** The request context AWS builds for a principal of this organization. */
const member = (principalArn: string, region: string, extra: Record<string, string | string[]> = {}) => ({
    "aws:PrincipalArn": principalArn,
    "aws:PrincipalAccount": /::(\d{12}):/.exec(principalArn)![1]!,
    "aws:PrincipalOrgID": ORG,
    "aws:PrincipalIsAWSService": "false",
    "aws:RequestedRegion": region,
    ...extra,
});

const admin = (
    action: string,
    resource: string,
    region = "eu-central-1",
    extra: Record<string, string | string[]> = {},
): Req => ({
    principal: ADMIN,
    action,
    resource,
    identityPolicies: [ADMINISTRATOR_ACCESS],
    context: member(ADMIN, region, extra),
});
const deployer = (
    action: string,
    resource: string,
    region = "eu-central-1",
    extra: Record<string, string | string[]> = {},
): Req => ({
    ...admin(action, resource, region, extra),
    principal: DEPLOY,
    context: member(DEPLOY, region, extra),
});
const onKey = (r: Req): Req => ({ ...r, resourcePolicy: DEFAULT_KEY_POLICY });
const baselineTagged = { [`aws:ResourceTag/${BASELINE_TAG.key}`]: BASELINE_TAG.value };

interface Case {
    readonly name: string;
    readonly request: Req;
    readonly expected: SimulationResult;
    /** The guardrails with the deciding statement (or exemption) taken away, and what the request gets then. */
    readonly without: () => Guardrails;
    readonly expectedWithout: SimulationResult;
}

const mustBeDenied: Case[] = [
    {
        name: "an account administrator stops the CloudTrail trail",
        request: admin("cloudtrail:StopLogging", `arn:aws:cloudtrail:eu-central-1:${MEMBER}:trail/baseline-trail`),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectCloudTrail"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator stops the Config recorder",
        request: admin("config:StopConfigurationRecorder", "*"),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectConfig"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator deletes the GuardDuty detector",
        request: admin(
            "guardduty:DeleteDetector",
            `arn:aws:guardduty:eu-central-1:${MEMBER}:detector/12abc34d567e8fa901bc2d34e56789f0`,
        ),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectGuardDuty"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator disables Security Hub",
        request: admin("securityhub:DisableSecurityHub", `arn:aws:securityhub:eu-central-1:${MEMBER}:hub/default`),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectSecurityHub"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator deletes the Access Analyzer analyzer",
        request: admin("access-analyzer:DeleteAnalyzer", `arn:aws:access-analyzer:eu-central-1:${MEMBER}:analyzer/baseline`),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectAccessAnalyzer"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator deletes a VPC's flow logs",
        request: admin("ec2:DeleteFlowLogs", `arn:aws:ec2:eu-central-1:${MEMBER}:vpc-flow-log/fl-1234abcd`),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectFlowLogs"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator deletes the flow logs' log group",
        request: admin(
            "logs:DeleteLogGroup",
            `arn:aws:logs:eu-central-1:${MEMBER}:log-group:/baseline/vpc-flow-logs/eu-central-1`,
        ),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectFlowLogGroups"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator launches an EC2 instance outside the topology's regions",
        request: admin("ec2:RunInstances", `arn:aws:ec2:us-east-1:${MEMBER}:instance/i-0123456789abcdef0`, "us-east-1"),
        expected: "ExplicitlyDenied",
        without: () => removed("DenyOutsideTopologyRegions"),
        expectedWithout: "Allowed",
    },
    {
        name: "the deploy role creates an S3 bucket outside the topology's regions",
        request: deployer("s3:CreateBucket", "arn:aws:s3:::baseline-elsewhere", "ap-southeast-2"),
        expected: "ExplicitlyDenied",
        without: () => removed("DenyOutsideTopologyRegions"),
        expectedWithout: "Allowed",
    },
    {
        name: "a principal of another organization reads the data bucket its policy wrongly grants",
        request: {
            principal: `arn:aws:iam::${STRANGER}:role/reader`,
            action: "s3:GetObject",
            resource: `${DATA_BUCKET}/reports/2026.csv`,
            resourceAccount: MEMBER,
            identityPolicies: [ADMINISTRATOR_ACCESS],
            resourcePolicy: DATA_BUCKET_POLICY,
            scp: false, // the stranger's own organization's SCPs are not ours
            context: { ...member(`arn:aws:iam::${STRANGER}:role/reader`, "eu-central-1"), "aws:PrincipalOrgID": OTHER_ORG },
        },
        expected: "ExplicitlyDenied",
        without: () => removed("EnforceOrgIdentities"),
        expectedWithout: "Allowed",
    },
    {
        name: "a principal outside any organization assumes a member's role its trust policy wrongly grants",
        request: {
            principal: `arn:aws:iam::${STRANGER}:user/outsider`,
            action: "sts:AssumeRole",
            resource: `arn:aws:iam::${MEMBER}:role/app`,
            resourceAccount: MEMBER,
            identityPolicies: [ADMINISTRATOR_ACCESS],
            resourcePolicy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${STRANGER}:root` }, Action: "sts:AssumeRole" }],
            },
            scp: false,
            context: {
                "aws:PrincipalArn": `arn:aws:iam::${STRANGER}:user/outsider`,
                "aws:PrincipalAccount": STRANGER,
                "aws:PrincipalIsAWSService": "false",
            },
        },
        expected: "ExplicitlyDenied",
        without: () => removed("EnforceOrgIdentities"),
        expectedWithout: "Allowed",
    },
    {
        name: "a service acting for another organization writes to the log bucket",
        request: {
            principal: "cloudtrail.amazonaws.com",
            action: "s3:PutObject",
            resource: `${TRAIL_BUCKET}/AWSLogs/${STRANGER}/CloudTrail/x.json.gz`,
            resourceAccount: LOG_ARCHIVE,
            resourcePolicy: TRAIL_BUCKET_POLICY,
            scp: false,
            context: {
                "aws:PrincipalIsAWSService": "true",
                "aws:SourceAccount": STRANGER,
                "aws:SourceOrgID": OTHER_ORG,
                "aws:SourceArn": `arn:aws:cloudtrail:eu-central-1:${STRANGER}:trail/theirs`,
            },
        },
        expected: "ExplicitlyDenied",
        without: () => removed("EnforceConfusedDeputyProtection"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator takes the account out of the organization",
        request: admin("organizations:LeaveOrganization", "*"),
        expected: "ExplicitlyDenied",
        without: () => removed("DenyLeaveOrganization"),
        expectedWithout: "Allowed",
    },
    {
        name: "the root user of a member account acts in an allowed region",
        request: {
            principal: ROOT,
            // The root user holds every permission without a policy; the simulator needs it written down.
            identityPolicies: [ADMINISTRATOR_ACCESS],
            action: "ec2:RunInstances",
            resource: `arn:aws:ec2:eu-central-1:${MEMBER}:instance/i-0123456789abcdef0`,
            context: member(ROOT, "eu-central-1"),
        },
        expected: "ExplicitlyDenied",
        without: () => removed("DenyRootUser"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator schedules deletion of a baseline key (by its tag)",
        request: onKey(admin("kms:ScheduleKeyDeletion", KEY, "eu-central-1", baselineTagged)),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectBaselineKeysByTag"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator removes the baseline tag from a baseline key",
        request: onKey(admin("kms:UntagResource", KEY, "eu-central-1", baselineTagged)),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectBaselineKeysByTag"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator schedules deletion of an untagged baseline key (by its alias)",
        request: onKey(admin("kms:ScheduleKeyDeletion", KEY, "eu-central-1", { "kms:ResourceAliases": ["alias/baseline-data"] })),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectBaselineKeysByAlias"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator rewrites a baseline key's policy",
        request: onKey(admin("kms:PutKeyPolicy", KEY, "eu-central-1", baselineTagged)),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectBaselineKeysByTag"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator adds a policy to a baseline role",
        request: admin("iam:PutRolePolicy", `arn:aws:iam::${MEMBER}:role/baseline/admin`),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectBaselineRoles"),
        expectedWithout: "Allowed",
    },
    {
        name: "an account administrator makes the deploy role trust them",
        request: admin("iam:UpdateAssumeRolePolicy", `arn:aws:iam::${MEMBER}:role/baseline-deploy`),
        expected: "ExplicitlyDenied",
        without: () => removed("ProtectBaselineRoles"),
        expectedWithout: "Allowed",
    },
];

const mustBeAllowed: Case[] = [
    {
        // Centralized root access: the management account's sts:AssumeRoot session, for the root-only task of
        // deleting a bucket policy that denies everyone (the task policy S3UnlockBucketPolicy).
        name: "a privileged root session from the management account deletes a member bucket's locking policy",
        request: {
            principal: ROOT,
            identityPolicies: [ADMINISTRATOR_ACCESS],
            action: "s3:DeleteBucketPolicy",
            resource: "arn:aws:s3:::orders-locked-out",
            context: member(ROOT, "eu-central-1", { "aws:AssumedRoot": "true" }),
        },
        expected: "Allowed",
        // Without the aws:AssumedRoot condition the root user deny would refuse the session too.
        without: () =>
            mutated("DenyRootUser", (st) => ({
                ...st,
                Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
            })),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role updates the CloudTrail trail",
        request: deployer("cloudtrail:UpdateTrail", `arn:aws:cloudtrail:eu-central-1:${MEMBER}:trail/baseline-trail`),
        expected: "Allowed",
        without: () => unexempted("ProtectCloudTrail"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role replaces the Config recorder",
        request: deployer("config:PutConfigurationRecorder", "*"),
        expected: "Allowed",
        without: () => unexempted("ProtectConfig"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role sets GuardDuty's organization configuration",
        request: deployer("guardduty:UpdateOrganizationConfiguration", "*"),
        expected: "Allowed",
        without: () => unexempted("ProtectGuardDuty"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role disables a Security Hub standard the baseline does not use",
        request: deployer("securityhub:BatchDisableStandards", `arn:aws:securityhub:eu-central-1:${MEMBER}:hub/default`),
        expected: "Allowed",
        without: () => unexempted("ProtectSecurityHub"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role replaces an Access Analyzer analyzer",
        request: deployer("access-analyzer:DeleteAnalyzer", `arn:aws:access-analyzer:eu-central-1:${MEMBER}:analyzer/baseline`),
        expected: "Allowed",
        without: () => unexempted("ProtectAccessAnalyzer"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role replaces the flow logs' log group",
        request: deployer(
            "logs:DeleteLogGroup",
            `arn:aws:logs:eu-central-1:${MEMBER}:log-group:/baseline/vpc-flow-logs/eu-central-1`,
        ),
        expected: "Allowed",
        without: () => unexempted("ProtectFlowLogGroups"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role replaces a VPC's flow logs",
        request: deployer("ec2:DeleteFlowLogs", `arn:aws:ec2:eu-central-1:${MEMBER}:vpc-flow-log/fl-1234abcd`),
        expected: "Allowed",
        without: () => unexempted("ProtectFlowLogs"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role updates a baseline key's policy",
        request: onKey(deployer("kms:PutKeyPolicy", KEY, "eu-central-1", baselineTagged)),
        expected: "Allowed",
        without: () => unexempted("ProtectBaselineKeysByTag"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role changes a baseline role",
        request: deployer("iam:PutRolePolicy", `arn:aws:iam::${MEMBER}:role/baseline/admin`),
        expected: "Allowed",
        without: () => unexempted("ProtectBaselineRoles"),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "the deploy role moves a baseline key alias",
        request: deployer("kms:UpdateAlias", `arn:aws:kms:eu-central-1:${MEMBER}:alias/baseline-data`),
        expected: "Allowed",
        without: () => unexempted("ProtectBaselineKeyAliases"),
        expectedWithout: "ExplicitlyDenied",
    },
    ...(
        [
            ["cloudtrail.amazonaws.com", "s3:PutObject", `${TRAIL_BUCKET}/AWSLogs/${ORG}/${MEMBER}/CloudTrail/x.json.gz`],
            ["config.amazonaws.com", "s3:PutObject", `${TRAIL_BUCKET}/AWSLogs/${MEMBER}/Config/x.json.gz`],
            ["delivery.logs.amazonaws.com", "s3:PutObject", `${TRAIL_BUCKET}/AWSLogs/${MEMBER}/vpcflowlogs/x.log.gz`],
            ["cloudtrail.amazonaws.com", "s3:GetBucketAcl", TRAIL_BUCKET],
        ] as const
    ).map(([service, action, resource]): Case => ({
        name: `${service} delivers for this organization (${action})`,
        request: {
            principal: service,
            action,
            resource,
            resourceAccount: LOG_ARCHIVE,
            resourcePolicy: TRAIL_BUCKET_POLICY,
            scp: false,
            context: {
                "aws:PrincipalIsAWSService": "true",
                "aws:SourceAccount": MEMBER,
                "aws:SourceOrgID": ORG,
                "aws:SourceArn": `arn:aws:cloudtrail:eu-central-1:${MEMBER}:trail/baseline-trail`,
            },
        },
        expected: "Allowed",
        // Without the service exemption the identity perimeter shuts the service out too.
        without: () =>
            mutated("EnforceOrgIdentities", (s) => {
                const { BoolIfExists: _dropped, ...rest } = s.Condition ?? {};
                return { ...s, Condition: rest };
            }),
        expectedWithout: "ExplicitlyDenied",
    })),
    ...(
        [
            ["iam:CreateRole", `arn:aws:iam::${MEMBER}:role/app-reader`],
            ["organizations:DescribeOrganization", "*"],
            ["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"],
            ["sts:GetSessionToken", "*"],
        ] as const
    ).map(([action, resource]): Case => ({
        name: `an account administrator calls the global service ${action} (us-east-1 endpoint)`,
        request: admin(action, resource, "us-east-1"),
        expected: "Allowed",
        without: () =>
            mutated("DenyOutsideTopologyRegions", (s) => ({
                ...s,
                NotAction: (s.NotAction ?? []).filter((a) => a !== `${action.split(":")[0]}:*`),
            })),
        expectedWithout: "ExplicitlyDenied",
    })),
    {
        name: "a principal of this organization reads the data bucket",
        request: {
            principal: `arn:aws:iam::${OTHER_MEMBER}:role/analytics`,
            action: "s3:GetObject",
            resource: `${DATA_BUCKET}/reports/2026.csv`,
            resourceAccount: MEMBER,
            identityPolicies: [ADMINISTRATOR_ACCESS],
            resourcePolicy: DATA_BUCKET_POLICY,
            context: member(`arn:aws:iam::${OTHER_MEMBER}:role/analytics`, "eu-central-1"),
        },
        expected: "Allowed",
        // The perimeter's test is the organization id: the same identity from elsewhere is refused.
        without: () =>
            mutated("EnforceOrgIdentities", (s) => ({
                ...s,
                Condition: { ...s.Condition, StringNotEqualsIfExists: { "aws:PrincipalOrgID": OTHER_ORG } },
            })),
        expectedWithout: "ExplicitlyDenied",
    },
    {
        name: "an account administrator launches an EC2 instance in a topology region",
        request: admin("ec2:RunInstances", `arn:aws:ec2:eu-west-1:${MEMBER}:instance/i-0123456789abcdef0`, "eu-west-1"),
        expected: "Allowed",
        without: () =>
            mutated("DenyOutsideTopologyRegions", (s) => ({
                ...s,
                Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1"] } },
            })),
        expectedWithout: "ExplicitlyDenied",
    },
];

describe("organization guardrails in the IAM simulator", () => {
    describe.each([
        ["must be denied", mustBeDenied],
        ["must still work", mustBeAllowed],
    ] as const)("%s", (_title, cases) => {
        it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
            expect(await run(c.request)).toBe(c.expected);
            expect(await run(c.request, c.without())).toBe(c.expectedWithout);
        });
    });

    it("needs an Allow at every level of the organization tree, as AWS does", async () => {
        const request = admin("ec2:RunInstances", `arn:aws:ec2:eu-west-1:${MEMBER}:instance/i-0123456789abcdef0`, "eu-west-1");
        const { scp: _scp, ...plain } = request;
        const levels = scpLevels(GUARDRAILS);
        expect(await simulate({ ...plain, serviceControlPolicies: levels })).toBe("Allowed");
        // The OU without FullAWSAccess: nothing lets the request through that level.
        const withoutAllow = levels.map((l, i) => (i === 1 ? { ...l, policies: l.policies.slice(1) } : l));
        expect(await simulate({ ...plain, serviceControlPolicies: withoutAllow })).toBe("ImplicitlyDenied");
        // No SCPs at all: the request is judged as before organization policies existed.
        expect(await simulate(plain)).toBe("Allowed");
    });

    it("refuses to apply SCPs to a service principal or an unsigned request, as AWS never does", async () => {
        for (const principal of ["cloudtrail.amazonaws.com", ANONYMOUS]) {
            await expect(
                simulate({
                    principal,
                    action: "s3:PutObject",
                    resource: `${TRAIL_BUCKET}/x`,
                    serviceControlPolicies: scpLevels(GUARDRAILS),
                }),
            ).rejects.toThrow(/service control policies do not apply/);
        }
    });
});

describe("the exemptions", () => {
    const statements = [...GUARDRAILS.scps, ...GUARDRAILS.rcps].flatMap((g) => g.document.Statement);

    it("exempt only the deploy role, by its exact name", () => {
        const exemptions = statements.flatMap((s) => Object.entries(s.Condition ?? {}).filter(([op]) => op === "ArnNotLike"));
        expect(exemptions.length).toBeGreaterThan(0);
        for (const [, keys] of exemptions) {
            expect(keys).toEqual({ "aws:PrincipalArn": "arn:aws:iam::*:role/baseline-deploy" });
        }
        expect(deployRoleArnPattern(facts)).toBe("arn:aws:iam::*:role/baseline-deploy");
    });

    it("leave the region deny, the organization exit and the root user deny without any", () => {
        for (const sid of ["DenyOutsideTopologyRegions", "DenyLeaveOrganization", "DenyRootUser"]) {
            const s = statements.find((x) => x.Sid === sid)!;
            expect(JSON.stringify(s.Condition ?? {})).not.toContain(facts.deployRoleName);
        }
    });

    it("keep the global services AWS's region-deny example exempts, and nothing regional", () => {
        const regionDeny = statements.find((s) => s.Sid === "DenyOutsideTopologyRegions")!;
        expect(regionDeny.NotAction).toEqual(GLOBAL_SERVICE_ACTIONS);
        for (const service of ["iam:*", "organizations:*", "route53:*", "sts:*", "cloudfront:*", "support:*"]) {
            expect(regionDeny.NotAction).toContain(service);
        }
        for (const regional of ["ec2:*", "s3:*", "rds:*", "lambda:*"]) expect(regionDeny.NotAction).not.toContain(regional);
    });
});
