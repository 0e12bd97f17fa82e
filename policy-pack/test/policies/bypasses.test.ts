/**
 * Ways around the guardrail found by a red-team review, each written as the review wrote it: each must be
 * refused (a test here failed before its fix).
 */
import { POLICIES } from "../../src/pack";
import { ACCOUNT, compliantResources, evaluate, found, planOf, Res, underBaseline, urnOf } from "../fixtures";
import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";

const policy = (name: string) => POLICIES.find((p) => p.name === name)!;
const judge = (name: string, added: Res[]) => found(evaluate(policy(name), [...compliantResources(), ...added]));
const res = (type: string, name: string, inputs: Record<string, unknown>): Res => ({ type, name, inputs });
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("a Deny that only seems to take public access back", () => {
    const allowAll = { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" };
    const denyUnless = (Condition: object) => ({ Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition });
    const key = (policyDoc: string): Res => res("aws:kms/key:Key", "shared", { enableKeyRotation: true, policy: policyDoc });

    it.each<[string, object]>([
        // Conditions are ANDed: a request from the internet has no aws:SourceVpce, so Null ... false is not met.
        [
            "an extra Null condition",
            { StringNotEquals: { "aws:SourceVpce": "vpce-0abc1234" }, Null: { "aws:SourceVpce": "false" } },
        ],
        [
            "an extra Bool condition",
            { StringNotEquals: { "aws:SourceVpce": "vpce-0abc1234" }, Bool: { "aws:SecureTransport": "false" } },
        ],
        ["a set operator", { "ForAnyValue:StringNotEquals": { "aws:SourceVpce": "vpce-0abc1234" } }],
    ])("%s leaves the key open to everyone", (_title, condition) => {
        expect(judge("kms-key-policy-not-public", [key(doc(allowAll, denyUnless(condition)))]).map(([n]) => n)).toEqual([
            "shared",
        ]);
    });

    it("a Deny whose only condition is a negated pin still takes it back", () => {
        expect(
            judge("kms-key-policy-not-public", [
                key(doc(allowAll, denyUnless({ StringNotEquals: { "aws:SourceVpce": "vpce-0abc1234" } }))),
            ]),
        ).toEqual([]);
    });
});

describe("privilege escalation through an iam:PolicyARN condition", () => {
    const attach = (arn: string): Res =>
        res("aws:iam/policy:Policy", "attacher", {
            policy: doc({
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy"],
                Resource: "*",
                Condition: { ArnLike: { "iam:PolicyARN": arn } },
            }),
        });

    it.each([
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/*",
        "arn:aws:iam::*:policy/*",
        // StringEqualsIgnoreCase would take it as the same policy.
        "ARN:AWS:IAM::AWS:POLICY/ADMINISTRATORACCESS",
    ])("a condition admitting %s does not narrow the attach", (arn) => {
        expect(judge("iam-no-escalation-actions", [attach(arn)]).map(([n]) => n)).toEqual(["attacher"]);
    });

    it("a condition naming a read-only AWS policy, service-role policies or the account's own policies narrows it", () => {
        expect(judge("iam-no-escalation-actions", [attach("arn:aws:iam::aws:policy/ReadOnlyAccess")])).toEqual([]);
        expect(judge("iam-no-escalation-actions", [attach("arn:aws:iam::aws:policy/service-role/AWSLambda*")])).toEqual([]);
        expect(judge("iam-no-escalation-actions", [attach("arn:aws:iam::*:policy/team-*")])).toEqual([]);
        expect(judge("iam-no-escalation-actions", [attach(`arn:aws:iam::${ACCOUNT}:policy/orders-*`)])).toEqual([]);
    });
});

it("a tag condition narrows IAM writes only while the holder cannot tag roles itself", () => {
    const writes = {
        Effect: "Allow",
        Action: ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
        Resource: "*",
        Condition: { StringLike: { "aws:ResourceTag/team": "pay*" } },
    };
    const tagging = { Effect: "Allow", Action: "iam:TagRole", Resource: "*" };
    const teamPolicy = (...statements: object[]): Res => res("aws:iam/policy:Policy", "team", { policy: doc(...statements) });
    expect(judge("iam-no-escalation-actions", [teamPolicy(writes)])).toEqual([]);
    expect(
        judge("iam-no-escalation-actions", [teamPolicy(writes, tagging)]).map(([n, m]) => [n, m.split(" grants ")[0]]),
    ).toEqual([["team", "policy: statement #1"]]);
});

it("iam:PassRole on `role*` is every role, as `role/*` is", () => {
    const passAll = res("aws:iam/policy:Policy", "pass", {
        policy: doc({
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: `arn:aws:iam::${ACCOUNT}:role*`,
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        }),
    });
    expect(judge("iam-pass-role-restricted", [passAll])).toEqual([
        ["pass", "policy: statement #1 grants iam:PassRole on broad resources."],
    ]);
});

it("Redshift, DMS and Amazon MQ reachable from the internet are refused; unset passes", () => {
    expect(
        judge("data-services-not-publicly-accessible", [
            res("aws:redshift/cluster:Cluster", "dw", { nodeType: "ra3.xlplus", publiclyAccessible: true }),
            res("aws:redshiftserverless/workgroup:Workgroup", "wg", {
                namespaceName: "n",
                workgroupName: "w",
                publiclyAccessible: true,
            }),
            res("aws:dms/replicationInstance:ReplicationInstance", "dms", {
                replicationInstanceClass: "dms.t3.micro",
                publiclyAccessible: true,
            }),
            res("aws:mq/broker:Broker", "mq", { brokerName: "b", engineType: "RabbitMQ", publiclyAccessible: true }),
            res("aws:redshift/cluster:Cluster", "private", { nodeType: "ra3.xlplus" }),
        ]),
    ).toEqual([
        ["dw", "Redshift cluster is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC."],
        [
            "wg",
            "Redshift Serverless workgroup is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.",
        ],
        [
            "dms",
            "DMS replication instance is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.",
        ],
        ["mq", "Amazon MQ broker is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC."],
    ]);
});

it("a Lambda permission for S3 with a wildcard bucket ARN lets any account's bucket invoke the function", () => {
    const permission = (inputs: Record<string, unknown>): Res =>
        res("aws:lambda/permission:Permission", "from-s3", {
            action: "lambda:InvokeFunction",
            function: "orders",
            principal: "s3.amazonaws.com",
            ...inputs,
        });
    expect(judge("lambda-permission-not-public", [permission({ sourceArn: "arn:aws:s3:::*" })])).toEqual([
        ["from-s3", "Permission lets s3.amazonaws.com invoke the function for any account: set sourceArn or sourceAccount."],
    ]);
    expect(judge("lambda-permission-not-public", [permission({ sourceArn: "arn:aws:s3:::orders-uploads" })])).toEqual([]);
    expect(judge("lambda-permission-not-public", [permission({ sourceArn: "arn:aws:s3:::*", sourceAccount: ACCOUNT })])).toEqual(
        [],
    );
});

describe("a security group opened to the internet through a managed prefix list", () => {
    const list = (cidrs: string[]): Res =>
        res("aws:ec2/managedPrefixList:ManagedPrefixList", "anywhere", {
            name: "anywhere",
            addressFamily: "IPv4",
            maxEntries: 2,
            entries: cidrs.map((cidr) => ({ cidr })),
        });
    const ssh: Res = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssh", {
        securityGroupId: "sg-0123456789abcdef0",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        prefixListId: "pl-anywhere",
    });
    // The rule names the list by id; the mock gives the list the id it was created with.
    const withId = (r: Res): Res => ({ ...r, outputs: { id: "pl-anywhere" } });

    it("admitting a list of 0.0.0.0/0 on SSH is refused, a list of the office is not", () => {
        expect(judge("ec2-no-internet-prefix-list-ingress", [withId(list(["0.0.0.0/0"])), ssh])).toEqual([
            ["ssh", "'ssh' admits a prefix list of the internet: restricted port(s) 22 from 0.0.0.0/0."],
        ]);
        expect(judge("ec2-no-internet-prefix-list-ingress", [withId(list(["203.0.113.0/24"])), ssh])).toEqual([]);
    });

    it("at a first preview, with the list's id unknown and recorded as the rule's property dependency", () => {
        const plan = planOf([
            ...compliantResources(),
            list(["0.0.0.0/0"]),
            { ...ssh, inputs: { ...ssh.inputs, prefixListId: UNKNOWN_SENTINEL } },
        ]);
        const step = plan.steps.find((st) => st.urn.endsWith("::ssh"))!;
        (step.newState as { propertyDependencies?: Record<string, string[]> }).propertyDependencies = {
            prefixListId: [urnOf("aws:ec2/managedPrefixList:ManagedPrefixList", "anywhere")],
        };
        const p = policy("ec2-no-internet-prefix-list-ingress");
        const report = evaluatePlans([plan], undefined, { policies: [p], policyPackConfig: underBaseline([p]) });
        expect(found(report)).toEqual([
            ["ssh", "'ssh' admits a prefix list of the internet: restricted port(s) 22 from 0.0.0.0/0."],
        ]);
        // The rule's own CIDRs are still judged by the resource policy while the list's id is unknown.
        expect(
            judge("ec2-no-public-admin-db-ingress", [{ ...ssh, inputs: { ...ssh.inputs, prefixListId: UNKNOWN_SENTINEL } }]),
        ).toEqual([]);
    });

    it("a list whose entries are separate resources, and an inline rule of all protocols", () => {
        const entry = res("aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry", "all-v6", {
            prefixListId: "pl-anywhere",
            cidr: "::/0",
        });
        const inline = res("aws:ec2/securityGroup:SecurityGroup", "open", {
            vpcId: "vpc-1",
            ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-anywhere"] }],
        });
        expect(judge("ec2-no-internet-prefix-list-ingress", [withId(list([])), entry, inline]).map(([n]) => n)).toEqual(["open"]);
    });
});

it("an SSM document shared with All, and an endpoint service open to '*', are refused", () => {
    expect(
        judge("ssm-document-not-public", [
            res("aws:ssm/document:Document", "runbook", {
                documentType: "Command",
                content: "{}",
                permissions: { type: "Share", accountIds: "All" },
            }),
            res("aws:ssm/document:Document", "shared", {
                documentType: "Command",
                content: "{}",
                permissions: { type: "Share", accountIds: `${ACCOUNT},210987654321` },
            }),
        ]),
    ).toEqual([
        [
            "runbook",
            'Document is shared with accountIds "All": every AWS account can read and run it; name the accounts instead.',
        ],
    ]);
    const open =
        "Endpoint service allows the principal '*': every AWS account can discover it and ask to connect; name the accounts or roles.";
    expect(
        judge("ec2-endpoint-service-not-public", [
            res("aws:ec2/vpcEndpointService:VpcEndpointService", "svc", { acceptanceRequired: false, allowedPrincipals: ["*"] }),
            res("aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple", "anyone", {
                vpcEndpointServiceId: "vpce-svc-1",
                principalArn: "*",
            }),
            res("aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple", "partner", {
                vpcEndpointServiceId: "vpce-svc-1",
                principalArn: `arn:aws:iam::${ACCOUNT}:root`,
            }),
        ]),
    ).toEqual([
        ["svc", open],
        ["anyone", open],
    ]);
});

it("escalation actions on an ARN of fewer than six parts (`arn:aws:iam::*`) are refused: the wildcard spans the colons", () => {
    const onArn = (name: string, Action: string[], Resource: string | string[]): Res =>
        res("aws:iam/policy:Policy", name, { policy: doc({ Effect: "Allow", Action, Resource }) });
    expect(
        judge("iam-no-escalation-actions", [
            onArn("iam-writes", ["iam:PutRolePolicy", "iam:AttachRolePolicy"], "arn:aws:iam::*"),
            onArn("code", ["lambda:UpdateFunctionCode"], "arn:aws:lambda:*"),
            onArn("one-role", ["iam:PutRolePolicy"], `arn:aws:iam::${ACCOUNT}:role/orders-app`),
        ]).map(([n]) => n),
    ).toEqual(["iam-writes", "code"]);
});

describe("ingress from blocks that are the internet without being 0.0.0.0/0", () => {
    const sg = (name: string, rule: object): Res =>
        res("aws:ec2/securityGroup:SecurityGroup", name, {
            vpcId: "vpc-1",
            ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ...rule }],
        });
    it.each<[string, object, string]>([
        ["IPv6 global unicast", { ipv6CidrBlocks: ["2000::/3"] }, "2000::/3"],
        ["a /1 of IPv6", { ipv6CidrBlocks: ["::/1"] }, "::/1"],
        ["one IPv4 half", { cidrBlocks: ["0.0.0.0/1"] }, "0.0.0.0/1"],
        [
            "every unicast IPv4 block, leaving out multicast and class E",
            { cidrBlocks: ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"] },
            "0.0.0.0/1 + 128.0.0.0/2 + 192.0.0.0/3",
        ],
    ])("%s is refused", (_title, rule, via) => {
        expect(judge("ec2-no-public-admin-db-ingress", [sg("admin", rule)])).toEqual([
            ["admin", `Ingress opens restricted port(s) 22 from ${via} (protocol tcp).`],
        ]);
    });
    it("private, unique-local and /8 blocks are not the internet", () => {
        expect(
            judge("ec2-no-public-admin-db-ingress", [
                sg("private", { cidrBlocks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] }),
                sg("ula", { ipv6CidrBlocks: ["fc00::/7"] }),
                sg("partner", { cidrBlocks: ["44.0.0.0/8"], ipv6CidrBlocks: ["2600:1f18::/32"] }),
            ]),
        ).toEqual([]);
    });
});

describe("an OIDC trust whose subject has a wildcard where the tenant goes", () => {
    const GITHUB = "token.actions.githubusercontent.com";
    const trust = (host: string, Condition: object): Res =>
        res("aws:iam/role:Role", "deployer", {
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition,
            }),
        });
    const github = (sub: string) =>
        trust(GITHUB, { StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GITHUB}:sub`]: sub } });
    const judged = (r: Res) => judge("iam-trust-policy-restricted", [r]).map(([n]) => n);

    it.each([
        ["*:ref:refs/heads/main", github],
        ["*acme/app:*", github],
        ["project_path:*", (sub: string) => trust("gitlab.com", { StringLike: { "gitlab.com:sub": sub } })],
        ["project_path:acme*", (sub: string) => trust("gitlab.com", { StringLike: { "gitlab.com:sub": sub } })],
        [
            "organization:*:project:*:workspace:*:run_phase:apply",
            (sub: string) => trust("app.terraform.io", { StringLike: { "app.terraform.io:sub": sub } }),
        ],
    ] as const)("%s admits other tenants", (sub, build) => {
        expect(judged(build(sub))).toEqual(["deployer"]);
    });

    it.each([
        ["repo:acme/app:ref:refs/heads/main", github],
        ["repo:acme/*", github],
        [
            "project_path:acme/app:ref_type:branch:ref:main",
            (sub: string) => trust("gitlab.com", { StringLike: { "gitlab.com:sub": sub } }),
        ],
        [
            "organization:acme:project:*:workspace:orders:run_phase:*",
            (sub: string) => trust("app.terraform.io", { StringLike: { "app.terraform.io:sub": sub } }),
        ],
        // An EKS cluster's issuer is the cluster's own: any namespace of it is still the cluster.
        [
            "system:serviceaccount:*:deployer",
            (sub: string) =>
                trust("oidc.eks.us-east-1.amazonaws.com/id/ABC", {
                    StringLike: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": sub },
                }),
        ],
    ] as const)("%s names its tenant", (sub, build) => {
        expect(judged(build(sub))).toEqual([]);
    });
});

it("replica and imported-material KMS keys, and the resource policies of other services, open to '*' are refused", () => {
    const open = doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });
    const types: [string, string, string][] = [
        ["aws:kms/replicaKey:ReplicaKey", "policy", "kms-key-policy-not-public"],
        ["aws:kms/externalKey:ExternalKey", "policy", "kms-key-policy-not-public"],
        ["aws:kms/replicaExternalKey:ReplicaExternalKey", "policy", "kms-key-policy-not-public"],
        ["aws:acmpca/policy:Policy", "policy", "resource-policy-not-public"],
        [
            "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy",
            "policyDocument",
            "resource-policy-not-public",
        ],
        ["aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy", "policy", "resource-policy-not-public"],
        ["aws:s3tables/tableBucketPolicy:TableBucketPolicy", "resourcePolicy", "resource-policy-not-public"],
        ["aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy", "accessPolicy", "resource-policy-not-public"],
    ];
    for (const [type, property, name] of types) {
        expect([type, judge(name, [res(type, "shared", { [property]: open })]).map(([n]) => n)]).toEqual([type, ["shared"]]);
        const own = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "*", Resource: "*" });
        expect([type, judge(name, [res(type, "shared", { [property]: own })])]).toEqual([type, []]);
    }
});

it("a BucketV2 with a public canned ACL, and escalation through a stack's role or a rewritten build, are refused", () => {
    expect(judge("s3-no-acl-grants", [res("aws:s3/bucketV2:BucketV2", "site", { acl: "public-read-write" })])).toEqual([
        ["site", "Canned ACL 'public-read-write' grants access beyond the owner."],
    ]);
    const allow = (name: string, Action: string[]): Res =>
        res("aws:iam/policy:Policy", name, { policy: doc({ Effect: "Allow", Action, Resource: "*" }) });
    expect(
        judge("iam-no-escalation-actions", [
            allow("stacks", ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"]),
            allow("builds", ["codebuild:UpdateProject"]),
            allow("associations", ["ssm:CreateAssociation"]),
            allow("reads-stacks", ["cloudformation:DescribeStacks", "codebuild:BatchGetProjects"]),
        ]).map(([n]) => n),
    ).toEqual(["stacks", "builds", "associations"]);
});

it("an instance's user data or role rewritten, and every table read, are refused; a batch read of named secrets is not", () => {
    type Statement = { Action: string[]; Resource: string; Condition?: Record<string, Record<string, string>> };
    const allow = (name: string, ...statements: Statement[]): Res =>
        res("aws:iam/policy:Policy", name, { policy: doc(...statements.map((s) => ({ Effect: "Allow", ...s }))) });
    const instances = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`;
    const findings = judge("iam-no-escalation-actions", [
        // New user data runs when the stopped instance starts again: with the stop and the start, it escalates...
        allow("user-data", { Action: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"], Resource: "*" }),
        // ...alone, as AWS's own AmazonEKSClusterPolicy grants it, it does not.
        allow("eks-cluster", {
            Action: ["ec2:ModifyInstanceAttribute", "ec2:ModifyVolume", "ec2:DescribeInstances"],
            Resource: "*",
        }),
        // A role swap needs a role to pass: with a broad iam:PassRole in the same document it escalates...
        allow(
            "swap-role",
            { Action: ["ec2:ReplaceIamInstanceProfileAssociation", "ec2:AssociateIamInstanceProfile"], Resource: "*" },
            { Action: ["iam:PassRole"], Resource: "*" },
        ),
        // ...without one, it hands over nothing.
        allow("swap-nothing", { Action: ["ec2:AssociateIamInstanceProfile"], Resource: "*" }),
        allow("scan", { Action: ["dynamodb:Scan"], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/*` }),
        allow("partiql", { Action: ["dynamodb:PartiQLSelect", "dynamodb:ExportTableToPointInTime"], Resource: "*" }),
        allow("scan-one", { Action: ["dynamodb:Scan"], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders` }),
        // BatchGetSecretValue takes only `*` and reads nothing without GetSecretValue on each secret.
        allow(
            "batch-secrets",
            { Action: ["secretsmanager:BatchGetSecretValue"], Resource: "*" },
            {
                Action: ["secretsmanager:GetSecretValue"],
                Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:orders-*`,
            },
        ),
    ]);
    expect(findings.map(([n]) => n)).toEqual(["user-data", "swap-role", "swap-role", "scan", "partiql"]);
    expect(findings[0][1]).toContain("ec2:ModifyInstanceAttribute (rewrites a stopped instance's user data");
    expect(findings[1][1]).toContain("ec2:ReplaceIamInstanceProfileAssociation");
    expect(findings[3][1]).toContain("dynamodb:Scan (reads every table's items)");
    expect(findings[4][1]).toContain("dynamodb:PartiQLSelect (reads every table's items), dynamodb:ExportTableToPointInTime");

    // A tag condition names resources only while the holder cannot tag others itself, in any service.
    const team = { StringEquals: { "aws:ResourceTag/team": "orders" } };
    const retagged = judge("iam-no-escalation-actions", [
        allow(
            "retag-instances",
            {
                Action: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
                Resource: instances,
                Condition: team,
            },
            { Action: ["ec2:CreateTags"], Resource: instances },
        ),
        allow(
            "retag-tables",
            { Action: ["dynamodb:Scan"], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/*`, Condition: team },
            { Action: ["dynamodb:TagResource"], Resource: "*" },
        ),
        // Tagging only what it launches (ec2:CreateAction) tags no existing instance: the condition holds.
        allow(
            "tag-at-launch",
            {
                Action: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
                Resource: instances,
                Condition: team,
            },
            {
                Action: ["ec2:CreateTags"],
                Resource: instances,
                Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
            },
        ),
        // Another service's tagging does not reach these tables.
        allow(
            "tag-elsewhere",
            { Action: ["dynamodb:Scan"], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/*`, Condition: team },
            { Action: ["sqs:TagQueue"], Resource: "*" },
        ),
    ]);
    expect(retagged.map(([n]) => n)).toEqual(["retag-instances", "retag-tables"]);
});

describe("secrets in the plain inputs of more services", () => {
    const KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const secrets = (r: Res) => judge("aws-no-secrets-in-plain-inputs", [r]);
    it.each<[string, Res, string]>([
        [
            "a Redshift Serverless admin password",
            res("aws:redshiftserverless/namespace:Namespace", "s", { namespaceName: "n", adminUserPassword: "Sup3r!pass" }),
            "adminUserPassword is set in the program: set manageAdminPassword: true so the password lives in Secrets Manager.",
        ],
        [
            "a DMS endpoint password",
            res("aws:dms/endpoint:Endpoint", "s", { endpointType: "source", engineName: "postgres", password: "Sup3r!pass" }),
            "password is set in the program: give the endpoint secretsManagerArn and secretsManagerAccessRoleArn instead.",
        ],
        [
            "a Glue connection password",
            res("aws:glue/connection:Connection", "s", { connectionProperties: { USERNAME: "etl", PASSWORD: "Sup3r!pass" } }),
            "connectionProperties.PASSWORD is set in the program: name the secret in connectionProperties.SECRET_ID instead.",
        ],
        [
            "a Batch job's container environment",
            res("aws:batch/jobDefinition:JobDefinition", "s", {
                type: "container",
                containerProperties: JSON.stringify({ environment: [{ name: "AWS_SECRET_ACCESS_KEY", value: KEY }] }),
            }),
            "containerProperties.environment AWS_SECRET_ACCESS_KEY",
        ],
        [
            "an App Runner service's variables",
            res("aws:apprunner/service:Service", "s", {
                sourceConfiguration: {
                    imageRepository: { imageConfiguration: { runtimeEnvironmentVariables: { DB_PASSWORD: "Sup3r!pass" } } },
                },
            }),
            "runtimeEnvironmentVariables DB_PASSWORD",
        ],
        [
            "an Elastic Beanstalk environment property",
            res("aws:elasticbeanstalk/environment:Environment", "s", {
                settings: [
                    { namespace: "aws:elasticbeanstalk:application:environment", name: "API_KEY", value: "sk_live_9f8Xq2LmZ7" },
                ],
            }),
            "environment property API_KEY",
        ],
    ])("%s is refused", (_title, r, message) => {
        expect(secrets(r)).toEqual([["s", expect.stringContaining(message)]]);
    });

    it("references, managed passwords and settings of other namespaces pass", () => {
        expect(
            [
                res("aws:redshiftserverless/namespace:Namespace", "a", { namespaceName: "n", manageAdminPassword: true }),
                res("aws:glue/connection:Connection", "b", { connectionProperties: { SECRET_ID: "prod/etl/db" } }),
                res("aws:batch/jobDefinition:JobDefinition", "c", {
                    type: "container",
                    containerProperties: JSON.stringify({ environment: [{ name: "DB_SECRET_ID", value: "prod/orders/db" }] }),
                }),
                res("aws:elasticbeanstalk/environment:Environment", "d", {
                    settings: [{ namespace: "aws:autoscaling:launchconfiguration", name: "IamInstanceProfile", value: "app" }],
                }),
            ].flatMap(secrets),
        ).toEqual([]);
    });
});

describe("detection silenced by rules that archive or suppress findings wholesale", () => {
    const silenced = (...added: Res[]) => judge("findings-not-silenced-wholesale", added).map(([n]) => n);
    const guardDuty = (name: string, action: string, criterions: object[]): Res =>
        res("aws:guardduty/filter:Filter", name, { detectorId: "d-1", name, action, rank: 1, findingCriteria: { criterions } });
    const archive = (name: string, filters: object[]): Res =>
        res("aws:accessanalyzer/archiveRule:ArchiveRule", name, { analyzerName: "account", ruleName: name, filters });
    const automation = (name: string, status: string, criteria: object): Res =>
        res("aws:securityhub/automationRule:AutomationRule", name, {
            ruleName: name,
            ruleOrder: 1,
            description: "d",
            actions: [{ type: "FINDING_FIELDS_UPDATE", findingFieldsUpdate: { workflow: { status } } }],
            criteria,
        });

    it("by severity, public access, account or product alone: refused", () => {
        expect(
            silenced(
                guardDuty("all", "ARCHIVE", [{ field: "severity", greaterThanOrEqual: "0" }]),
                guardDuty("every-instance", "ARCHIVE", [{ field: "resource.resourceType", equals: ["Instance"] }]),
                archive("public", [{ criteria: "isPublic", eqs: ["true"] }]),
                archive("buckets", [{ criteria: "resourceType", eqs: ["AWS::S3::Bucket"] }]),
                automation("critical", "SUPPRESSED", { severityLabels: [{ comparison: "EQUALS", value: "CRITICAL" }] }),
                automation("guardduty", "RESOLVED", { productNames: [{ comparison: "EQUALS", value: "GuardDuty" }] }),
            ),
        ).toEqual(["all", "every-instance", "public", "buckets", "critical", "guardduty"]);
    });

    it("naming the finding type, the resource, the principal or the control: the documented way to quiet benign findings", () => {
        expect(
            silenced(
                guardDuty("port-probes", "ARCHIVE", [
                    { field: "type", equals: ["Recon:EC2/PortProbeUnprotectedPort"] },
                    { field: "resource.instanceDetails.tags.value", equals: ["bastion"] },
                ]),
                guardDuty("saved-view", "NOOP", [{ field: "severity", greaterThanOrEqual: "0" }]),
                archive("partner", [{ criteria: "principal.AWS", eqs: ["210987654321"] }]),
                archive("not-public", [{ criteria: "isPublic", eqs: ["false"] }]),
                automation("sandbox", "SUPPRESSED", {
                    complianceSecurityControlIds: [{ comparison: "EQUALS", value: "EC2.19" }],
                    resourceIds: [{ comparison: "EQUALS", value: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1" }],
                }),
                automation("note", "NOTIFIED", { severityLabels: [{ comparison: "EQUALS", value: "LOW" }] }),
            ),
        ).toEqual([]);
    });
});

it("an event bus permission for '*' without an organization condition is refused", () => {
    const permission = (name: string, inputs: object): Res =>
        res("aws:cloudwatch/eventPermission:EventPermission", name, { statementId: name, ...inputs });
    expect(
        judge("resource-policy-not-public", [
            permission("anyone", { principal: "*" }),
            permission("any-org", {
                principal: "*",
                condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-*" },
            }),
            permission("our-org", {
                principal: "*",
                condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-a1b2c3d4e5" },
            }),
            permission("one-account", { principal: ACCOUNT }),
        ]).map(([n]) => n),
    ).toEqual(["anyone", "any-org"]);
});

it("IMDSv1 turned back on (httpTokens 'optional') on an instance, a launch template or the account's defaults is refused; unset is the AMI's call", () => {
    expect(
        judge("ec2-imdsv2-required", [
            res("aws:ec2/instance:Instance", "v1", {
                ami: "ami-1",
                instanceType: "t3.micro",
                metadataOptions: { httpTokens: "optional" },
            }),
            res("aws:ec2/launchTemplate:LaunchTemplate", "lt-v1", { metadataOptions: { httpTokens: "optional" } }),
            res("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "defaults", { httpTokens: "optional" }),
            res("aws:ec2/instance:Instance", "v2", {
                ami: "ami-1",
                instanceType: "t3.micro",
                metadataOptions: { httpTokens: "required" },
            }),
            res("aws:ec2/launchTemplate:LaunchTemplate", "lt-unset", {}),
        ]),
    ).toEqual([
        ["v1", "metadataOptions.httpTokens is 'optional', which keeps IMDSv1 on: set it to 'required' (IMDSv2)."],
        ["lt-v1", "metadataOptions.httpTokens is 'optional', which keeps IMDSv1 on: set it to 'required' (IMDSv2)."],
        ["defaults", "httpTokens is 'optional', which keeps IMDSv1 on: set it to 'required' (IMDSv2)."],
    ]);
});

it("an AMI shared with another organization or its OU is refused once organizationIds names the organization's", () => {
    const share = (name: string, key: string, arn: string): Res =>
        res("aws:ec2/amiLaunchPermission:AmiLaunchPermission", name, { imageId: "ami-1", [key]: arn });
    const shares = [
        share("theirs", "organizationArn", "arn:aws:organizations::210987654321:organization/o-zz9zz9zz9z"),
        share("their-ou", "organizationalUnitArn", "arn:aws:organizations::210987654321:ou/o-zz9zz9zz9z/ou-ab12-cd34ef56"),
        share("ours", "organizationArn", `arn:aws:organizations::${ACCOUNT}:organization/o-a1b2c3d4e5`),
    ];
    const p = policy("ec2-ami-not-public");
    const names = (config?: object) => found(evaluate(p, [...compliantResources(), ...shares], config as never)).map(([n]) => n);
    expect(names({ organizationIds: ["o-a1b2c3d4e5"] })).toEqual(["theirs", "their-ou"]);
    // Without organizationIds the pack cannot tell an organization from another: nothing is judged.
    expect(names({ organizationIds: [] })).toEqual([]);
});
