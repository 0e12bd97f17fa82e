import { resourcePolicy } from "../../policy";
import { asRecord, isFalse, isTrue } from "../../util";
import { globalDatastoreMember } from "./dataStoresEncrypted";

/** One requirement of a store's encryption in transit: the control that checks it, what to set, and whether it is met. */
interface Requirement {
    readonly control: string;
    /** The property as a user writes it. */
    readonly property: string;
    readonly met: (props: Record<string, unknown>) => boolean;
}

interface InTransit {
    readonly what: string;
    readonly requirements: readonly Requirement[];
    /** Why this resource takes its settings from another one instead (then it is not judged), or undefined. */
    readonly inherits?: (props: Record<string, unknown>) => string | undefined;
}

/** The latest TLS policy of OpenSearch and Elasticsearch endpoints, the one Opensearch.8 and ES.8 require. */
export const LATEST_DOMAIN_TLS_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";
/** Policies at least as strict: the FIPS policy the newer API models add (TLS 1.2 and 1.3, FIPS cipher suites). */
const ACCEPTED_DOMAIN_TLS_POLICIES = [LATEST_DOMAIN_TLS_POLICY, "Policy-Min-TLS-1-2-RFC9151-FIPS-2024-08"];

/**
 * The endpoint block present, HTTPS required, and a TLS policy named that is the latest. Opensearch.8's rule
 * is NON_COMPLIANT "if 'EnforceHTTPS' is not 'true' or is 'true' and 'TLSSecurityPolicy' is not in
 * 'tlsPolicies'". Without the block the provider sends no endpoint options (`enforceHttps` "Defaults to `true`"
 * only inside it) and AWS's own settings apply, HTTPS not required; without a policy named, the domain gets
 * AWS's default policy, which no API page names as the latest and which the provider does not read back
 * ("Pulumi will only perform drift detection if a configuration value is provided"). Naming it is the only way
 * a preview can know.
 */
const endpointRequirement = (control: string): Requirement => ({
    control,
    property: `domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "${LATEST_DOMAIN_TLS_POLICY}" }`,
    met: (p) => {
        if (p["domainEndpointOptions"] === undefined) return false;
        const options = asRecord(p["domainEndpointOptions"]);
        const https = !isFalse(options["enforceHttps"]);
        return https && ACCEPTED_DOMAIN_TLS_POLICIES.includes(String(options["tlsSecurityPolicy"]));
    },
});

/** "If the `nodeToNodeEncryption` block is not provided then this defaults to `false`" (@pulumi/aws). */
const nodeToNodeRequirement = (control: string): Requirement => ({
    control,
    property: "nodeToNodeEncryption.enabled: true",
    met: (p) => isTrue(asRecord(p["nodeToNodeEncryption"])["enabled"]),
});

export const IN_TRANSIT: Readonly<Record<string, InTransit>> = {
    // ElastiCache API, TransitEncryptionEnabled: "Default: false", whatever the engine; ElastiCache.5's rule
    // (elasticache-repl-grp-encrypted-in-transit) is NON_COMPLIANT "if 'TransitEncryptionEnabled' is set to 'false'".
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        what: "ElastiCache replication group",
        requirements: [
            {
                control: "ElastiCache.5",
                property: "transitEncryptionEnabled: true",
                met: (p) => isTrue(p["transitEncryptionEnabled"]),
            },
        ],
        inherits: globalDatastoreMember,
    },
    "aws:opensearch/domain:Domain": {
        what: "OpenSearch domain",
        requirements: [nodeToNodeRequirement("Opensearch.3"), endpointRequirement("Opensearch.8")],
    },
    "aws:elasticsearch/domain:Domain": {
        what: "Elasticsearch domain",
        requirements: [nodeToNodeRequirement("ES.3"), endpointRequirement("ES.8")],
    },
    // MSK.1's rule (msk-in-cluster-node-require-tls) is NON_COMPLIANT "if plain text communication is enabled
    // for in-cluster broker node connections"; the provider's `inCluster` defaults to true.
    "aws:msk/cluster:Cluster": {
        what: "MSK cluster",
        requirements: [
            {
                control: "MSK.1",
                property: "encryptionInfo.encryptionInTransit.inCluster: true",
                met: (p) => {
                    const inCluster = asRecord(asRecord(p["encryptionInfo"])["encryptionInTransit"])["inCluster"];
                    return !isFalse(inCluster);
                },
            },
        ],
    },
};

/**
 * Data stores encrypt what moves to and between their nodes, where it is off unless asked for or can be turned
 * off (`IN_TRANSIT`): ElastiCache replication groups (`transitEncryptionEnabled`), OpenSearch and Elasticsearch
 * domains (node-to-node encryption, HTTPS with the latest TLS policy named) and MSK clusters (TLS
 * between brokers). Each requirement is the one the control's AWS Config rule checks, no stricter: an
 * ElastiCache group in `transitEncryptionMode: "preferred"` (the step AWS documents for turning encryption on
 * without downtime) passes, as it does in AWS.
 *
 * Controls: ElastiCache.5, Opensearch.3, Opensearch.8, ES.3, ES.8, MSK.1 (FSBP).
 */
export const dataInTransitEncrypted = resourcePolicy({
    name: "data-stores-encrypted-in-transit",
    description:
        "ElastiCache, OpenSearch, Elasticsearch and MSK encrypt data in transit (node to node, HTTPS with the latest TLS policy).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "general",
    controls: ["ElastiCache.5", "Opensearch.3", "Opensearch.8", "ES.3", "ES.8", "MSK.1"],
    onUnknown: "defer",
    resourceTypes: Object.keys(IN_TRANSIT),
    validateResource: (args, reportViolation) => {
        const spec = IN_TRANSIT[args.type];
        if (spec === undefined) return;
        const inherited = spec.inherits?.(args.props);
        if (inherited !== undefined) args.notApplicable(inherited);
        for (const r of spec.requirements)
            if (!r.met(args.props))
                reportViolation(`${spec.what} is not encrypted in transit (${r.control}): set ${r.property}.`);
    },
});
