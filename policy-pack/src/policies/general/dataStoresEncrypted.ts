import { resourcePolicy } from "../../policy";
import { isTrue } from "../../util";

/**
 * How a data store that is not encrypted by default says it is encrypted at rest, per resource type, from the
 * @pulumi/aws documentation of the property (its default is no encryption in every case below). Stores that are
 * always encrypted (DynamoDB, S3 since 2023, ElastiCache Serverless, MSK) need no entry; RDS has its own policy.
 */
interface AtRest {
    readonly what: string;
    /** The property path as a user writes it. */
    readonly property: string;
    /** Whether the store is encrypted at rest, from its props. */
    readonly encrypted: (props: Record<string, unknown>) => boolean;
    readonly control: string;
    /** Why this resource takes its encryption from another one instead (then it is not judged), or undefined. */
    readonly inherits?: (props: Record<string, unknown>) => string | undefined;
}

/**
 * A secondary of an ElastiCache global datastore takes its settings from the global datastore's primary (the
 * registry's secondary example sets neither the engine nor encryption); the primary is judged.
 */
export const globalDatastoreMember = (p: Record<string, unknown>): string | undefined =>
    typeof p["globalReplicationGroupId"] === "string" && p["globalReplicationGroupId"] !== ""
        ? "a member of a global datastore is encrypted as its primary is"
        : undefined;

export const AT_REST: Readonly<Record<string, AtRest>> = {
    // "If true, the disk will be encrypted" (no default encryption through the API).
    "aws:efs/fileSystem:FileSystem": {
        what: "EFS file system",
        property: "encrypted: true",
        encrypted: (p) => isTrue(p["encrypted"]),
        control: "EFS.1",
    },
    // "When `engine` is `redis`, default is `false`. When `engine` is `valkey`, default is `true`"; the engine's default is redis.
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        what: "ElastiCache replication group",
        property: "atRestEncryptionEnabled: true",
        encrypted: (p) =>
            p["atRestEncryptionEnabled"] === undefined ? p["engine"] === "valkey" : isTrue(p["atRestEncryptionEnabled"]),
        control: "ElastiCache.4",
        inherits: globalDatastoreMember,
    },
    // "The only acceptable values are `NONE` or `KMS`. The default value is `NONE`."
    "aws:kinesis/stream:Stream": {
        what: "Kinesis data stream",
        property: 'encryptionType: "KMS"',
        encrypted: (p) => p["encryptionType"] === "KMS",
        control: "Kinesis.1",
    },
    // "If the `encryptAtRest` block is not provided then this defaults to `false`."
    "aws:opensearch/domain:Domain": {
        what: "OpenSearch domain",
        property: "encryptAtRest.enabled: true",
        encrypted: (p) => isTrue((p["encryptAtRest"] as { enabled?: unknown } | undefined)?.enabled),
        control: "Opensearch.1",
    },
    "aws:elasticsearch/domain:Domain": {
        what: "Elasticsearch domain",
        property: "encryptAtRest.enabled: true",
        encrypted: (p) => isTrue((p["encryptAtRest"] as { enabled?: unknown } | undefined)?.enabled),
        control: "ES.1",
    },
    // "Specifies whether the DB cluster is encrypted. The default is `false`."
    "aws:docdb/cluster:Cluster": {
        what: "DocumentDB cluster",
        property: "storageEncrypted: true",
        encrypted: (p) => isTrue(p["storageEncrypted"]),
        control: "DocumentDB.1",
    },
    "aws:neptune/cluster:Cluster": {
        what: "Neptune cluster",
        property: "storageEncrypted: true",
        encrypted: (p) => isTrue(p["storageEncrypted"]),
        control: "Neptune.1",
    },
};

/**
 * Data stores whose encryption at rest is off unless asked for are encrypted: EFS file systems, ElastiCache
 * replication groups, Kinesis streams, OpenSearch and Elasticsearch domains, DocumentDB and Neptune clusters
 * (`AT_REST`). Each is fixed at creation: an unencrypted store is replaced by a new, encrypted one and its data
 * copied over. Which key encrypts them is an organization's choice, judged elsewhere for the stores that take one.
 *
 * Controls: EFS.1, ElastiCache.4, Kinesis.1, Opensearch.1, ES.1, DocumentDB.1, Neptune.1 (FSBP).
 */
export const dataStoresEncrypted = resourcePolicy({
    name: "data-stores-encrypted-at-rest",
    description:
        "EFS, ElastiCache, Kinesis, OpenSearch, DocumentDB and Neptune stores are encrypted at rest (their defaults are not).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "general",
    controls: ["EFS.1", "ElastiCache.4", "Kinesis.1", "Opensearch.1", "ES.1", "DocumentDB.1", "Neptune.1"],
    onUnknown: "defer",
    resourceTypes: Object.keys(AT_REST),
    validateResource: (args, reportViolation) => {
        const spec = AT_REST[args.type];
        if (spec === undefined) return;
        const inherited = spec.inherits?.(args.props);
        if (inherited !== undefined) args.notApplicable(inherited);
        if (spec.encrypted(args.props)) return;
        reportViolation(
            `${spec.what} is not encrypted at rest (${spec.control}): set ${spec.property}; it is fixed at creation, so an existing store is replaced by an encrypted one and its data copied.`,
        );
    },
});
