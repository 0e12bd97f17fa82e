import { scpDeployRoleExempt } from "../../src/policies/organizations/scpDeployRoleExempt";
import { scpRegionDenyGlobalServices } from "../../src/policies/organizations/scpRegionDenyGlobalServices";
import { rcpServicePrincipalsExempt } from "../../src/policies/organizations/rcpServicePrincipalsExempt";
import { requiredAttachments } from "../../src/policies/organizations/requiredAttachments";
import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";
import { runResourcePolicyCases } from "../cases";
import {
    compliantResources,
    DEPLOY_EXEMPTION,
    evaluate,
    found,
    GLOBAL_SERVICES,
    ORG_SCPS,
    organizationResources,
    PERIMETER_RCP,
    planOf,
    REQUIRED_ATTACHMENTS,
    Res,
    underBaseline,
    urnOf,
    without,
} from "../fixtures";

type Doc = { Version: string; Statement: Record<string, unknown>[] };

/** The organization SCP that holds statement `sid`, with that statement changed by `patch` (`undefined` deletes a key). */
const docOf = (sid: string): Doc => Object.values(ORG_SCPS).find((p) => p.doc.Statement.some((s) => s["Sid"] === sid))!.doc;
const scp = (sid: string, patch: Record<string, unknown>): { content: string } => ({ content: edited(docOf(sid), sid, patch) });
const rcp = (sid: string, patch: Record<string, unknown>): { content: string } => ({
    content: edited(PERIMETER_RCP, sid, patch),
});

function edited(doc: Doc, sid: string, patch: Record<string, unknown>): string {
    const copy = JSON.parse(JSON.stringify(doc)) as Doc;
    const s = copy.Statement.find((x) => x["Sid"] === sid)!;
    for (const [k, v] of Object.entries(patch))
        if (v === undefined) delete s[k];
        else s[k] = v;
    return JSON.stringify(copy);
}

const DETECTION = [
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "config:StopConfigurationRecorder",
    "guardduty:DeleteDetector",
];
const EXEMPT_HINT = 'add "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/baseline-deploy"}.';
const REGIONS = { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } };

runResourcePolicyCases([
    [
        scpDeployRoleExempt,
        [
            [
                "a detection deny without the deploy role's exemption",
                "security-services-scp",
                scp("KeepDetection", { Condition: undefined }),
                [
                    `content: statement 'KeepDetection' denies the deploy role 'baseline-deploy' 4 actions it performs (cloudtrail:DeleteTrail, cloudtrail:StopLogging, config:StopConfigurationRecorder, guardduty:DeleteDetector), and no condition exempts it: ${EXEMPT_HINT}`,
                ],
            ],
            [
                "an exemption for the deploy role of one account only",
                "security-services-scp",
                scp("KeepDetection", {
                    Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/baseline-deploy" } },
                }),
                [
                    `content: statement 'KeepDetection' denies the deploy role 'baseline-deploy' 4 actions it performs (cloudtrail:DeleteTrail, cloudtrail:StopLogging, config:StopConfigurationRecorder, guardduty:DeleteDetector), and no condition exempts it: ${EXEMPT_HINT}`,
                ],
            ],
            [
                "an exemption that misses the accounts the organization names",
                "security-services-scp",
                scp("KeepDetection", {
                    Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/baseline-deploy" } },
                }),
                [
                    `content: statement 'KeepDetection' denies the deploy role 'baseline-deploy' in account 222222222222 4 actions it performs (cloudtrail:DeleteTrail, cloudtrail:StopLogging, config:StopConfigurationRecorder, guardduty:DeleteDetector), and no condition exempts it: ${EXEMPT_HINT}`,
                ],
                { accountIds: ["111111111111", "222222222222"] },
            ],
            [
                "an exemption whose wildcard reaches across the ARN's components (IAM compares each on its own)",
                "security-services-scp",
                scp("KeepDetection", { Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:*:role/baseline-deploy" } } }),
                [
                    `content: statement 'KeepDetection' denies the deploy role 'baseline-deploy' 4 actions it performs (cloudtrail:DeleteTrail, cloudtrail:StopLogging, config:StopConfigurationRecorder, guardduty:DeleteDetector), and no condition exempts it: ${EXEMPT_HINT}`,
                ],
            ],
            [
                "an exemption for another role",
                "security-services-scp",
                scp("KeepDetection", { Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin" } } }),
                [
                    `content: statement 'KeepDetection' denies the deploy role 'baseline-deploy' 4 actions it performs (cloudtrail:DeleteTrail, cloudtrail:StopLogging, config:StopConfigurationRecorder, guardduty:DeleteDetector), and no condition exempts it: ${EXEMPT_HINT}`,
                ],
            ],
            [
                "an exemption of baseline-deploy when the organization's deploy role is called pipeline",
                "security-services-scp",
                {},
                [
                    `content: statement 'KeepDetection' denies the deploy role 'pipeline' 4 actions it performs (cloudtrail:DeleteTrail, cloudtrail:StopLogging, config:StopConfigurationRecorder, guardduty:DeleteDetector), and no condition exempts it: add "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/pipeline"}.`,
                ],
                { deployRoleName: "pipeline" },
            ],
            [
                "a deny of every IAM change with a condition on a key the pack cannot see (the role's tag)",
                "security-services-scp",
                scp("KeepDetection", {
                    Action: "iam:*",
                    Condition: { StringNotEquals: { "aws:PrincipalTag/team": "platform" } },
                }),
                [
                    `content: statement 'KeepDetection' denies the deploy role 'baseline-deploy' 113 actions it performs (iam:AcceptDelegationRequest, iam:AddClientIDToOpenIDConnectProvider, iam:AddRoleToInstanceProfile, iam:AddUserToGroup, and 109 more), and no condition exempts it: ${EXEMPT_HINT}`,
                ],
            ],
            [
                "the exemption written with StringNotLike passes",
                "security-services-scp",
                scp("KeepDetection", {
                    Condition: { StringNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/baseline-deploy" } },
                }),
                [],
            ],
            [
                "the exemption for every account the organization names passes",
                "security-services-scp",
                scp("KeepDetection", {
                    Condition: {
                        ArnNotLike: {
                            "aws:PrincipalArn": [
                                "arn:aws:iam::111111111111:role/baseline-deploy",
                                "arn:aws:iam::222222222222:role/baseline-deploy",
                            ],
                        },
                    },
                }),
                [],
                { accountIds: ["111111111111", "222222222222"] },
            ],
            [
                "the region deny needs no exemption (the deploy role works inside the regions)",
                "region-deny-scp",
                scp("DenyOutsideRegions", { Condition: REGIONS }),
                [],
            ],
            ["leaving the organization is never the deploy role's work", "accounts-scp", scp("DenyLeaveOrganization", {}), []],
            [
                "a deny restricted to the root user leaves the role alone",
                "accounts-scp",
                scp("DenyRootUser", { Action: DETECTION }),
                [],
            ],
            ["an RCP is not an SCP", "perimeter-rcp", rcp("EnforceOrgIdentities", { Condition: undefined, Action: "s3:*" }), []],
            ["a tag policy is not judged", "region-deny-scp", { type: "TAG_POLICY", content: JSON.stringify({ tags: {} }) }, []],
        ],
    ],
    [
        scpRegionDenyGlobalServices,
        [
            [
                "STS and Organizations left out of the NotAction",
                "region-deny-scp",
                scp("DenyOutsideRegions", { NotAction: GLOBAL_SERVICES.filter((a) => a !== "sts:*" && a !== "organizations:*") }),
                [
                    "content: statement 'DenyOutsideRegions' denies requests outside its regions (aws:RequestedRegion) without exempting the global services organizations:*, sts:*: list them in its NotAction.",
                ],
            ],
            [
                "Action * instead of NotAction",
                "region-deny-scp",
                scp("DenyOutsideRegions", { NotAction: undefined, Action: "*" }),
                [
                    "content: statement 'DenyOutsideRegions' denies requests outside its regions (aws:RequestedRegion) without exempting the global services a4b:*, acm:*, aws-marketplace-management:*, aws-marketplace:*, aws-portal:*, budgets:*, and 36 more: list them in its NotAction.",
                ],
            ],
            [
                "only IAM's reads exempted",
                "region-deny-scp",
                scp("DenyOutsideRegions", {
                    NotAction: [...GLOBAL_SERVICES.filter((a) => a !== "iam:*"), "iam:Get*", "iam:List*"],
                }),
                [
                    "content: statement 'DenyOutsideRegions' denies requests outside its regions (aws:RequestedRegion) without exempting the global services iam:*: list them in its NotAction.",
                ],
            ],
            [
                "an EC2 region deny that takes DescribeRegions with it",
                "region-deny-scp",
                scp("DenyOutsideRegions", { NotAction: undefined, Action: "ec2:*", Condition: REGIONS }),
                [
                    "content: statement 'DenyOutsideRegions' denies requests outside its regions (aws:RequestedRegion) without exempting the global services ec2:DescribeRegions, ec2:DescribeTransitGateways, ec2:DescribeVpnGateways: list them in its NotAction.",
                ],
            ],
            [
                "StringNotLike on the region is a region deny too",
                "region-deny-scp",
                scp("DenyOutsideRegions", {
                    NotAction: ["iam:*"],
                    Condition: { StringNotLike: { "aws:RequestedRegion": "us-*" } },
                }),
                [
                    expect.stringMatching(
                        /^content: statement 'DenyOutsideRegions' denies requests outside its regions \(aws:RequestedRegion\) without exempting the global services a4b:\*, .*, and 35 more: list them in its NotAction\.$/,
                    ) as unknown as string,
                ],
            ],
            [
                "content that is not JSON",
                "region-deny-scp",
                { content: "{ not json" },
                ["content: the SCP is not JSON; the pack cannot judge it."],
            ],
            [
                "an RCP without a Statement",
                "perimeter-rcp",
                { content: JSON.stringify({ Version: "2012-10-17" }) },
                ["content: the RCP is not a valid policy (Statement: is required); the pack cannot judge it."],
            ],
            [
                "a deny of one region (StringEquals) passes",
                "region-deny-scp",
                scp("DenyOutsideRegions", {
                    NotAction: undefined,
                    Action: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": "ap-east-1" } },
                }),
                [],
            ],
            [
                "a service the organization never uses, removed in its configuration, passes",
                "region-deny-scp",
                scp("DenyOutsideRegions", { NotAction: GLOBAL_SERVICES.filter((a) => a !== "a4b:*") }),
                [],
                { regionDenyExemptActions: GLOBAL_SERVICES.filter((a) => a !== "a4b:*") },
            ],
            [
                "NotAction * for a whole service covers its entries",
                "region-deny-scp",
                scp("DenyOutsideRegions", { NotAction: [...GLOBAL_SERVICES.filter((a) => !a.startsWith("s3:")), "s3:*"] }),
                [],
            ],
        ],
    ],
    [
        rcpServicePrincipalsExempt,
        [
            [
                "the data perimeter without the service-principal exemption",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", { Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }),
                [
                    'content: statement \'EnforceOrgIdentities\' denies principals outside the organization (aws:PrincipalOrgID) and AWS service principals with them, which belong to no organization: add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}.',
                ],
            ],
            [
                "the exemption with the wrong value",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", {
                    Condition: {
                        StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "true" },
                    },
                }),
                [
                    'content: statement \'EnforceOrgIdentities\' denies principals outside the organization (aws:PrincipalOrgID) and AWS service principals with them, which belong to no organization: add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}.',
                ],
            ],
            [
                "a perimeter on the caller's account",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", {
                    Condition: { StringNotEquals: { "aws:PrincipalAccount": ["111111111111", "222222222222"] } },
                }),
                [
                    'content: statement \'EnforceOrgIdentities\' denies principals outside the organization (aws:PrincipalAccount) and AWS service principals with them, which belong to no organization: add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}.',
                ],
            ],
            [
                "an exemption through a key the pack does not model exempts no one",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", {
                    Condition: {
                        StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
                        StringNotLike: { "aws:PrincipalServiceName": "*.amazonaws.com" },
                    },
                }),
                [
                    'content: statement \'EnforceOrgIdentities\' denies principals outside the organization (aws:PrincipalOrgID) and AWS service principals with them, which belong to no organization: add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}.',
                ],
            ],
            [
                "Bool instead of BoolIfExists also exempts them",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", {
                    Condition: {
                        StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
                        Bool: { "aws:PrincipalIsAWSService": "false" },
                    },
                }),
                [],
            ],
            [
                "a deny that only applies when an organization id is present leaves services alone",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", {
                    Condition: {
                        StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
                        Null: { "aws:PrincipalOrgID": "false" },
                    },
                }),
                [],
            ],
            [
                "a deny without a perimeter condition is another policy's business",
                "perimeter-rcp",
                rcp("EnforceOrgIdentities", { Condition: { Bool: { "aws:SecureTransport": "false" } } }),
                [],
            ],
            [
                "the same document as an SCP is not an RCP",
                "perimeter-rcp",
                {
                    type: "SERVICE_CONTROL_POLICY",
                    content: edited(PERIMETER_RCP, "EnforceOrgIdentities", {
                        Principal: undefined,
                        Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
                    }),
                },
                [],
            ],
        ],
    ],
]);

describe("org-required-policy-attachments", () => {
    const declared = { requiredAttachments: REQUIRED_ATTACHMENTS };
    const judge = (resources: Res[], config: Record<string, unknown> = declared) =>
        found(evaluate(requiredAttachments, resources, config));

    it("passes the compliant organization, and judges nothing without declared intent", () => {
        expect(judge(compliantResources())).toEqual([]);
        expect(judge(without("security-services-scp-workloads-ou"), { requiredAttachments: [] })).toEqual([]);
    });

    it("reports a detached SCP on the policy, under the baseline's own configuration too", () => {
        const detached = [
            [
                "security-services-scp",
                "Policy 'security-services-scp' (baseline-protect-security-services) is not attached to organizational unit 'workloads-ou' (Workloads) (requiredAttachments): no PolicyAttachment links them.",
            ],
        ];
        expect(judge(without("security-services-scp-workloads-ou"))).toEqual(detached);
        expect(judge(without("security-services-scp-workloads-ou"), {})).toEqual(detached);
    });

    it("follows the resource graph, not the names: an attachment moved to another OU no longer counts", () => {
        const moved = compliantResources().map((r) =>
            r.name === "perimeter-rcp-workloads-ou"
                ? {
                      ...r,
                      inputs: { policyId: "p-perimeter1", targetId: "ou-ab12-security" },
                      dependencies: [
                          urnOf("aws:organizations/policy:Policy", "perimeter-rcp"),
                          urnOf("aws:organizations/organizationalUnit:OrganizationalUnit", "security-ou"),
                      ],
                  }
                : r,
        );
        expect(judge(moved)).toEqual([
            [
                "perimeter-rcp",
                "Policy 'perimeter-rcp' (baseline-data-perimeter) is not attached to organizational unit 'workloads-ou' (Workloads) (requiredAttachments): no PolicyAttachment links them.",
            ],
        ]);
    });

    it("reports a required policy removed from the stack on the OU that must have it", () => {
        const gone = compliantResources().filter((r) => !r.name.startsWith("perimeter-rcp"));
        expect(judge(gone)).toEqual(
            ["security-ou", "workloads-ou"].map((ou) => [
                ou,
                `organizational unit '${ou}' (${ou === "security-ou" ? "Security" : "Workloads"}) must have policy 'baseline-data-perimeter' attached (requiredAttachments), and this stack declares no such policy.`,
            ]),
        );
    });

    it("names policies by tag and targets by id", () => {
        const tagged = compliantResources().map((r) =>
            r.name === "security-services-scp"
                ? { ...r, inputs: { ...r.inputs, tags: { ...(r.inputs["tags"] as object), guardrail: "core" } } }
                : r,
        );
        const byTag = { requiredAttachments: [{ policy: "tag:guardrail=core", targets: ["ou-ab12-workloads"] }] };
        expect(judge(tagged, byTag)).toEqual([]);
        expect(judge(without("security-services-scp-workloads-ou", tagged), byTag)).toEqual([
            [
                "security-services-scp",
                "Policy 'security-services-scp' (baseline-protect-security-services) is not attached to 'ou-ab12-workloads' (requiredAttachments): no PolicyAttachment links them.",
            ],
        ]);
    });

    it("does not judge a stack without organizations resources, nor targets declared in another stack", () => {
        const orgNames = new Set(organizationResources().map((r) => r.name));
        expect(judge(compliantResources().filter((r) => !orgNames.has(r.name)))).toEqual([]);
        expect(
            judge(compliantResources(), { requiredAttachments: [{ policy: "baseline-region-deny", targets: ["Sandbox"] }] }),
        ).toEqual([]);
    });

    /** The organization as a new stack previews it: every id unknown, the references recorded as property dependencies. */
    function newOrganization(drop?: string) {
        const resources = compliantResources().filter((r) => r.name !== drop);
        const plan = planOf(resources);
        return {
            ...plan,
            steps: plan.steps.map((s) => {
                if (s.newState.type !== "aws:organizations/policyAttachment:PolicyAttachment") return s;
                const [policy, ou] = s.newState.dependencies ?? [];
                return {
                    ...s,
                    newState: {
                        ...s.newState,
                        inputs: { policyId: UNKNOWN_SENTINEL, targetId: UNKNOWN_SENTINEL },
                        propertyDependencies: { policyId: [policy], targetId: [ou] },
                    } as typeof s.newState,
                };
            }),
        };
    }

    it("links attachments through property dependencies when every id is unknown at preview", () => {
        const run = (drop?: string) =>
            evaluatePlans([newOrganization(drop)], undefined, {
                policies: [requiredAttachments],
                policyPackConfig: underBaseline([requiredAttachments], {}, { [requiredAttachments.name]: declared }),
            }).violations.map((v) => [v.enforcementLevel, v.message.split("\n")[0]]);
        expect(run()).toEqual([]);
        expect(run("security-services-scp-security-ou")).toEqual([
            [
                "mandatory",
                "Policy 'security-services-scp' (baseline-protect-security-services) is not attached to organizational unit 'security-ou' (Security) (requiredAttachments): no PolicyAttachment links them.",
            ],
        ]);
    });

    it("defers when an attachment's policy is unknown and no dependency says where it comes from", () => {
        const plan = newOrganization("security-services-scp-security-ou");
        const steps = plan.steps.map((s) =>
            s.urn.endsWith("::perimeter-rcp-workloads-ou")
                ? { ...s, newState: { ...s.newState, propertyDependencies: {} } as typeof s.newState }
                : s,
        );
        const report = evaluatePlans([{ ...plan, steps }], undefined, {
            policies: [requiredAttachments],
            policyPackConfig: underBaseline([requiredAttachments], {}, { [requiredAttachments.name]: declared }),
        });
        expect(report.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
            [
                "advisory",
                expect.stringMatching(/^can't run policy 'org-required-policy-attachments' during preview: .* is unknown$/),
            ],
        ]);
    });
});

it("the compliant organization's SCP keeps the deploy role's exemption on every statement that needs it", () => {
    // Guards the fixture itself: the cases above start from it.
    expect(JSON.stringify(ORG_SCPS["security-services-scp"].doc)).toContain(JSON.stringify(DEPLOY_EXEMPTION.ArnNotLike));
});
