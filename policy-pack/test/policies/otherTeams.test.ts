/**
 * What other teams' stacks hold and the baseline's do not: data stores, images, layers, HTTP API stages and
 * resource policies of services the baseline never uses. Each case is a resource written as the @pulumi/aws
 * documentation writes it, added to the compliant stack.
 */
import { POLICIES } from "../../src/pack";
import { dataStoresEncrypted } from "../../src/policies/general/dataStoresEncrypted";
import { dataInTransitEncrypted } from "../../src/policies/general/dataInTransitEncrypted";
import { amiNotPublic } from "../../src/policies/ec2/amiNotPublic";
import { permissionNotPublic } from "../../src/policies/lambda/permissionNotPublic";
import { stageAccessLogging } from "../../src/policies/apigateway/stageAccessLogging";
import { eksEndpointNotPublic } from "../../src/policies/eks/endpointNotPublic";
import { resourcePolicyNotPublic } from "../../src/policies/general/resourcePolicyNotPublic";
import { UNKNOWN_SENTINEL } from "../../src/offline";
import { runAddedResourceCases } from "../cases";
import { ACCOUNT, compliantResources, evaluate, found, Res } from "../fixtures";

const res = (type: string, name: string, inputs: Record<string, unknown>): Res => ({ type, name, inputs });
const FIXED = "it is fixed at creation, so an existing store is replaced by an encrypted one and its data copied.";

runAddedResourceCases([
    [
        dataStoresEncrypted,
        [
            [
                "each store at its default: not encrypted",
                [
                    res("aws:efs/fileSystem:FileSystem", "files", { creationToken: "orders" }),
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", {
                        description: "orders",
                        nodeType: "cache.t4g.small",
                    }),
                    res("aws:kinesis/stream:Stream", "events", { shardCount: 1 }),
                    res("aws:opensearch/domain:Domain", "search", { engineVersion: "OpenSearch_2.13" }),
                    res("aws:elasticsearch/domain:Domain", "legacy-search", { elasticsearchVersion: "7.10" }),
                    res("aws:docdb/cluster:Cluster", "documents", { masterUsername: "app", manageMasterUserPassword: true }),
                    res("aws:neptune/cluster:Cluster", "graph", { engine: "neptune" }),
                ],
                [
                    ["files", `EFS file system is not encrypted at rest (EFS.1): set encrypted: true; ${FIXED}`],
                    [
                        "cache",
                        `ElastiCache replication group is not encrypted at rest (ElastiCache.4): set atRestEncryptionEnabled: true; ${FIXED}`,
                    ],
                    ["events", `Kinesis data stream is not encrypted at rest (Kinesis.1): set encryptionType: "KMS"; ${FIXED}`],
                    [
                        "search",
                        `OpenSearch domain is not encrypted at rest (Opensearch.1): set encryptAtRest.enabled: true; ${FIXED}`,
                    ],
                    [
                        "legacy-search",
                        `Elasticsearch domain is not encrypted at rest (ES.1): set encryptAtRest.enabled: true; ${FIXED}`,
                    ],
                    [
                        "documents",
                        `DocumentDB cluster is not encrypted at rest (DocumentDB.1): set storageEncrypted: true; ${FIXED}`,
                    ],
                    ["graph", `Neptune cluster is not encrypted at rest (Neptune.1): set storageEncrypted: true; ${FIXED}`],
                ],
            ],
            [
                "each store encrypted, and Valkey, which ElastiCache encrypts by default",
                [
                    res("aws:efs/fileSystem:FileSystem", "files", { encrypted: true }),
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { atRestEncryptionEnabled: true }),
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "valkey", { engine: "valkey" }),
                    // A global datastore's secondary, as the registry writes it: the primary's settings apply.
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "secondary", {
                        description: "orders secondary",
                        globalReplicationGroupId: "ldgnf-orders-global",
                        numCacheClusters: 1,
                    }),
                    res("aws:kinesis/stream:Stream", "events", { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" }),
                    res("aws:opensearch/domain:Domain", "search", { encryptAtRest: { enabled: true } }),
                    res("aws:docdb/cluster:Cluster", "documents", { storageEncrypted: true }),
                    res("aws:neptune/cluster:Cluster", "graph", { storageEncrypted: true }),
                ],
                [],
            ],
            [
                "Valkey with encryption turned off, and Redis named explicitly without it",
                [
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "valkey", {
                        engine: "valkey",
                        atRestEncryptionEnabled: false,
                    }),
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "redis", { engine: "redis" }),
                ],
                [
                    [
                        "valkey",
                        `ElastiCache replication group is not encrypted at rest (ElastiCache.4): set atRestEncryptionEnabled: true; ${FIXED}`,
                    ],
                    [
                        "redis",
                        `ElastiCache replication group is not encrypted at rest (ElastiCache.4): set atRestEncryptionEnabled: true; ${FIXED}`,
                    ],
                ],
            ],
        ],
    ],
    [
        dataInTransitEncrypted,
        [
            [
                "each store at its default (no endpoint block: AWS's settings, HTTPS not required), plain HTTP, an older TLS policy",
                [
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", {
                        description: "orders",
                        engine: "valkey",
                    }),
                    res("aws:opensearch/domain:Domain", "search", { engineVersion: "OpenSearch_2.13" }),
                    res("aws:elasticsearch/domain:Domain", "legacy-search", {
                        nodeToNodeEncryption: { enabled: true },
                        domainEndpointOptions: { enforceHttps: false },
                    }),
                    res("aws:opensearch/domain:Domain", "old-tls", {
                        nodeToNodeEncryption: { enabled: true },
                        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
                    }),
                    res("aws:msk/cluster:Cluster", "stream", {
                        kafkaVersion: "3.6.0",
                        encryptionInfo: { encryptionInTransit: { clientBroker: "TLS", inCluster: false } },
                    }),
                ],
                [
                    [
                        "cache",
                        "ElastiCache replication group is not encrypted in transit (ElastiCache.5): set transitEncryptionEnabled: true.",
                    ],
                    [
                        "search",
                        "OpenSearch domain is not encrypted in transit (Opensearch.3): set nodeToNodeEncryption.enabled: true.",
                    ],
                    [
                        "search",
                        'OpenSearch domain is not encrypted in transit (Opensearch.8): set domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
                    ],
                    [
                        "legacy-search",
                        'Elasticsearch domain is not encrypted in transit (ES.8): set domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
                    ],
                    [
                        "old-tls",
                        'OpenSearch domain is not encrypted in transit (Opensearch.8): set domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
                    ],
                    [
                        "stream",
                        "MSK cluster is not encrypted in transit (MSK.1): set encryptionInfo.encryptionInTransit.inCluster: true.",
                    ],
                ],
            ],
            [
                "each store encrypted in transit, a group moving to it in preferred mode, the stricter FIPS TLS policy, and MSK's default",
                [
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { transitEncryptionEnabled: true }),
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "migrating", {
                        transitEncryptionEnabled: true,
                        transitEncryptionMode: "preferred",
                    }),
                    res("aws:elasticache/replicationGroup:ReplicationGroup", "secondary", {
                        description: "orders secondary",
                        globalReplicationGroupId: "ldgnf-orders-global",
                    }),
                    res("aws:opensearch/domain:Domain", "search", {
                        nodeToNodeEncryption: { enabled: true },
                        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
                    }),
                    // enforceHttps unset inside the block: the provider's default, true.
                    res("aws:elasticsearch/domain:Domain", "legacy-search", {
                        nodeToNodeEncryption: { enabled: true },
                        domainEndpointOptions: { tlsSecurityPolicy: "Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08" },
                    }),
                    res("aws:msk/cluster:Cluster", "stream", { kafkaVersion: "3.6.0" }),
                ],
                [],
            ],
        ],
    ],
    [
        amiNotPublic,
        [
            [
                "an AMI shared with everyone",
                [
                    res("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "public", {
                        imageId: "ami-0123456789abcdef0",
                        group: "all",
                    }),
                ],
                [
                    [
                        "public",
                        'AMI launch permission for group "all" makes the image public: share it with accountId, organizationArn or organizationalUnitArn instead.',
                    ],
                ],
            ],
            [
                "an AMI shared with the stack's account or an organization",
                [
                    res("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "own", {
                        imageId: "ami-0123456789abcdef0",
                        accountId: ACCOUNT,
                    }),
                    res("aws:ec2/amiLaunchPermission:AmiLaunchPermission", "org", {
                        imageId: "ami-0123456789abcdef0",
                        organizationArn: "arn:aws:organizations::123456789012:organization/o-abcdefghij",
                    }),
                ],
                [],
            ],
        ],
    ],
    [
        permissionNotPublic,
        [
            [
                "a layer version shared with everyone",
                [
                    res("aws:lambda/layerVersionPermission:LayerVersionPermission", "layer", {
                        layerName: "orders-deps",
                        versionNumber: 3,
                        statementId: "everyone",
                        action: "lambda:GetLayerVersion",
                        principal: "*",
                    }),
                ],
                [
                    [
                        "layer",
                        "Layer permission shares the layer version with principal '*' and no organizationId: every AWS account can read its code; name an account or set organizationId.",
                    ],
                ],
            ],
            [
                "a layer version shared with an organization or an account",
                [
                    res("aws:lambda/layerVersionPermission:LayerVersionPermission", "org", {
                        layerName: "orders-deps",
                        versionNumber: 3,
                        statementId: "org",
                        action: "lambda:GetLayerVersion",
                        principal: "*",
                        organizationId: "o-abcdefghij",
                    }),
                    res("aws:lambda/layerVersionPermission:LayerVersionPermission", "own", {
                        layerName: "orders-deps",
                        versionNumber: 3,
                        statementId: "own",
                        action: "lambda:GetLayerVersion",
                        principal: ACCOUNT,
                    }),
                ],
                [],
            ],
        ],
    ],
    [
        stageAccessLogging,
        [
            [
                "an HTTP API stage without access logs (APIGateway.9)",
                [res("aws:apigatewayv2/stage:Stage", "http-default", { apiId: "a1b2c3", name: "$default", autoDeploy: true })],
                [["http-default", "Stage does not write access logs: set accessLogSettings.destinationArn and format."]],
            ],
            [
                "an HTTP API stage with access logs",
                [
                    res("aws:apigatewayv2/stage:Stage", "http-default", {
                        apiId: "a1b2c3",
                        name: "$default",
                        accessLogSettings: {
                            destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/orders/http-api`,
                            format: '{"requestId":"$context.requestId"}',
                        },
                    }),
                ],
                [],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        eksEndpointNotPublic,
        [
            [
                "a cluster at its defaults, and one that lists 0.0.0.0/0",
                [
                    res("aws:eks/cluster:Cluster", "default", {
                        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
                        vpcConfig: { subnetIds: ["subnet-1"] },
                    }),
                    res("aws:eks/cluster:Cluster", "open", {
                        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
                        vpcConfig: {
                            subnetIds: ["subnet-1"],
                            endpointPublicAccess: true,
                            publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"],
                        },
                    }),
                ],
                [
                    [
                        "default",
                        "EKS cluster's API endpoint is public to 0.0.0.0/0 (the default): set vpcConfig.endpointPublicAccess: false with endpointPrivateAccess: true, or list in publicAccessCidrs the networks that may reach it.",
                    ],
                    [
                        "open",
                        "EKS cluster's API endpoint is public to 0.0.0.0/0: set vpcConfig.endpointPublicAccess: false with endpointPrivateAccess: true, or list in publicAccessCidrs the networks that may reach it.",
                    ],
                ],
            ],
            [
                "a private endpoint, and a public one limited to the team's networks",
                [
                    res("aws:eks/cluster:Cluster", "private", {
                        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
                        vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: false, endpointPrivateAccess: true },
                    }),
                    res("aws:eks/cluster:Cluster", "office", {
                        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
                        vpcConfig: { subnetIds: ["subnet-1"], publicAccessCidrs: ["203.0.113.0/24"] },
                    }),
                ],
                [],
            ],
        ],
    ],
]);

describe("resource policies of services the baseline does not use are judged like its own", () => {
    const foreignPrincipals = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
    const openToAll = (action: string, resource: string) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: action, Resource: resource }],
        });
    const domainArn = `arn:aws:es:us-east-1:${ACCOUNT}:domain/orders`;
    const tableArn = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
    const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders`;

    it.each<[string, Res]>([
        [
            "an OpenSearch domain's inline access policy",
            res("aws:opensearch/domain:Domain", "search", {
                encryptAtRest: { enabled: true },
                accessPolicies: openToAll("es:*", `${domainArn}/*`),
            }),
        ],
        [
            "an Elasticsearch domain policy",
            res("aws:elasticsearch/domainPolicy:DomainPolicy", "search-policy", {
                domainName: "orders",
                accessPolicies: openToAll("es:*", `${domainArn}/*`),
            }),
        ],
        [
            "a DynamoDB table's resource policy",
            res("aws:dynamodb/resourcePolicy:ResourcePolicy", "table-policy", {
                resourceArn: tableArn,
                policy: openToAll("dynamodb:GetItem", tableArn),
            }),
        ],
        [
            "a Kinesis stream's resource policy",
            res("aws:kinesis/resourcePolicy:ResourcePolicy", "stream-policy", {
                resourceArn: streamArn,
                policy: openToAll("kinesis:GetRecords", streamArn),
            }),
        ],
    ])("open to everyone: %s is refused", (_title, resource) => {
        const report = evaluate(foreignPrincipals, [...compliantResources(), resource]);
        const mine = found(report);
        expect(mine).toHaveLength(1);
        expect(mine[0][0]).toBe(resource.name);
        expect(mine[0][1]).toMatch(/'\*'|everyone|anyone/);
        expect(report.violations.every((v) => v.enforcementLevel === "mandatory")).toBe(true);
    });

    it("the same policies naming the stack's own account pass", () => {
        const own = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "es:*",
                    Resource: `${domainArn}/*`,
                },
            ],
        });
        expect(
            found(
                evaluate(foreignPrincipals, [
                    ...compliantResources(),
                    res("aws:opensearch/domain:Domain", "search", { encryptAtRest: { enabled: true }, accessPolicies: own }),
                ]),
            ),
        ).toEqual([]);
    });
});

describe("an OpenSearch domain in a VPC with fine-grained access control may leave its own ARN open, as AWS recommends", () => {
    const foreignPrincipals = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
    const domainArn = `arn:aws:es:us-east-1:${ACCOUNT}:domain/orders`;
    const open = (resource: string, action = "es:ESHttp*") =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: action, Resource: resource }],
        });
    const domain = (over: Record<string, unknown> = {}, type = "aws:opensearch/domain:Domain"): Res =>
        res(type, "search", {
            domainName: "orders",
            encryptAtRest: { enabled: true },
            vpcOptions: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] },
            advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true },
            accessPolicies: open(`${domainArn}/*`),
            ...over,
        });
    const judged = (r: Res) =>
        [resourcePolicyNotPublic, foreignPrincipals].map((p) => found(evaluate(p, [...compliantResources(), r])).map(([n]) => n));

    it("passes es:ESHttp* or es:* for anyone on the domain's own ARN, of OpenSearch and of Elasticsearch", () => {
        expect(judged(domain())).toEqual([[], []]);
        expect(judged(domain({ accessPolicies: open(domainArn, "es:*") }))).toEqual([[], []]);
        expect(judged(domain({}, "aws:elasticsearch/domain:Domain"))).toEqual([[], []]);
    });

    it("reports the same policy on a public domain, without fine-grained access control, or on more than its own ARN", () => {
        for (const over of [
            { vpcOptions: undefined },
            { vpcOptions: { subnetIds: [] } },
            { advancedSecurityOptions: undefined },
            { advancedSecurityOptions: { enabled: false } },
            { accessPolicies: open("*") },
            { accessPolicies: open(`arn:aws:es:us-east-1:${ACCOUNT}:domain/other/*`) },
            { accessPolicies: open(`${domainArn}/*`, "es:UpdateDomainConfig") },
        ])
            expect([over, judged(domain(over))]).toEqual([over, [["search"], ["search"]]]);
    });

    it("defers, and blocks nothing, while the subnets or the fine-grained access control switch are unknown at preview", () => {
        for (const over of [
            { vpcOptions: { subnetIds: UNKNOWN_SENTINEL } },
            { advancedSecurityOptions: { enabled: UNKNOWN_SENTINEL } },
        ]) {
            const report = evaluate(resourcePolicyNotPublic, [...compliantResources(), domain(over)]);
            expect([over, report.violations.map((v) => v.enforcementLevel)]).toEqual([over, ["advisory"]]);
            expect(found(report)[0][1]).toMatch(/can't run policy 'resource-policy-not-public' during preview/);
            const stack = evaluate(foreignPrincipals, [...compliantResources(), domain(over)]);
            expect([over, stack.violations.map((v) => v.enforcementLevel)]).toEqual([over, ["advisory"]]);
        }
    });
});

describe("a resource policy open to everyone is refused before the resource exists, whatever else the stack holds", () => {
    const open = (action: string) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: action, Resource: "*" }],
        });
    const ecrPolicy = (policy: string): Res =>
        res("aws:ecr/repositoryPolicy:RepositoryPolicy", "images", { repository: "orders", policy });

    it("resource-policy-not-public judges ECR, Glacier and S3 access point policies resource by resource", () => {
        const report = evaluate(resourcePolicyNotPublic, [
            ...compliantResources(),
            ecrPolicy(open("ecr:*")),
            res("aws:glacier/vault:Vault", "archive", { name: "orders-archive", accessPolicy: open("glacier:*") }),
            res("aws:s3/accessPoint:AccessPoint", "ap", { bucket: "orders", name: "orders-ap", policy: open("s3:GetObject") }),
            res("aws:ecr/repositoryPolicy:RepositoryPolicy", "org-images", {
                repository: "shared",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: "*",
                            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                            Resource: "*",
                            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
                        },
                    ],
                }),
            }),
        ]);
        expect(found(report).map(([name, m]) => [name, m.split(":")[0]])).toEqual([
            ["images", "policy"],
            ["archive", "accessPolicy"],
            ["ap", "policy"],
        ]);
        expect(report.violations.every((v) => v.enforcementLevel === "mandatory")).toBe(true);
    });

    it("an EFS policy that admits anyone only through a mount target grants no more than EFS's default policy", () => {
        const efs = (condition?: object): Res =>
            res("aws:efs/fileSystemPolicy:FileSystemPolicy", "files", {
                fileSystemId: "fs-0123456789abcdef0",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: "*" },
                            Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                            Resource: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`,
                            ...(condition ? { Condition: condition } : {}),
                        },
                    ],
                }),
            });
        const foreignPrincipals = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
        const mountTarget = efs({ Bool: { "elasticfilesystem:AccessedViaMountTarget": "true" } });
        expect(found(evaluate(resourcePolicyNotPublic, [...compliantResources(), mountTarget]))).toEqual([]);
        expect(found(evaluate(foreignPrincipals, [...compliantResources(), mountTarget]))).toEqual([]);
        // Without the condition it is anyone, through any path the file system's API takes.
        expect(found(evaluate(resourcePolicyNotPublic, [...compliantResources(), efs()])).map(([n]) => n)).toEqual(["files"]);
        // "false" is not a mount target.
        expect(
            found(
                evaluate(resourcePolicyNotPublic, [
                    ...compliantResources(),
                    efs({ Bool: { "elasticfilesystem:AccessedViaMountTarget": "false" } }),
                ]),
            ).map(([n]) => n),
        ).toEqual(["files"]);
    });

    it("aws-no-foreign-principals judges every known document even when another one is unknown at preview", () => {
        const foreignPrincipals = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
        const report = evaluate(foreignPrincipals, [
            ...compliantResources(),
            // Declared first, built from another resource's outputs.
            res("aws:sns/topicPolicy:TopicPolicy", "events", {
                arn: `arn:aws:sns:us-east-1:${ACCOUNT}:events`,
                policy: UNKNOWN_SENTINEL,
            }),
            ecrPolicy(open("ecr:*")),
        ]);
        expect(report.violations.map((v) => [v.enforcementLevel, v.urn?.split("::").pop() ?? "(stack)"])).toEqual([
            ["mandatory", "images"],
            ["advisory", "(stack)"],
        ]);
    });

    it("infers no account for the stack while values are unknown: a literal partner ARN does not make the stack's own role foreign", () => {
        const foreignPrincipals = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
        // Without accountIds. At a first preview the stack's own ARNs are unknown; the only literal one is a central
        // alert topic of another account, and the stack's CI role (its own account) is trusted by name.
        const report = found(
            evaluate(foreignPrincipals, [
                res("aws:iam/role:Role", "deploy", {
                    assumeRolePolicy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { AWS: "arn:aws:iam::111111111111:role/ci" },
                                Action: "sts:AssumeRole",
                            },
                        ],
                    }),
                    arn: UNKNOWN_SENTINEL,
                }),
                res("aws:cloudwatch/metricAlarm:MetricAlarm", "errors", {
                    alarmActions: ["arn:aws:sns:us-east-1:222222222222:central-alerts"],
                    comparisonOperator: "GreaterThanThreshold",
                    evaluationPeriods: 1,
                }),
            ]),
        );
        expect(report.filter(([, m]) => !m.startsWith("can't run"))).toEqual([]);
    });

    it("iam-no-admin-managed-policies judges an AdministratorAccess attachment even beside one whose policy is unknown", () => {
        const managedAdmin = POLICIES.find((p) => p.name === "iam-no-admin-managed-policies")!;
        const report = evaluate(managedAdmin, [
            ...compliantResources(),
            res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app", { role: "app", policyArn: UNKNOWN_SENTINEL }),
            res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "admin", {
                role: "app",
                policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            }),
        ]);
        expect(report.violations.map((v) => [v.enforcementLevel, v.urn?.split("::").pop() ?? "(stack)"])).toEqual([
            ["mandatory", "admin"],
            ["advisory", "(stack)"],
        ]);
    });
});
