import { resourcePolicy } from "../../policy";

/**
 * The database and messaging services besides RDS that take a `publiclyAccessible` switch, and what to call
 * each in a message. RDS has its own policy (rds-not-publicly-accessible).
 */
const PUBLIC_SWITCH: Readonly<Record<string, string>> = {
    "aws:redshift/cluster:Cluster": "Redshift cluster",
    "aws:redshiftserverless/workgroup:Workgroup": "Redshift Serverless workgroup",
    "aws:dms/replicationInstance:ReplicationInstance": "DMS replication instance",
    "aws:mq/broker:Broker": "Amazon MQ broker",
};

/**
 * Redshift clusters and Serverless workgroups, DMS replication instances and Amazon MQ brokers are not
 * reachable from the internet: `publiclyAccessible: true` gives them a public address ("If true, the cluster
 * can be accessed from a public network", @pulumi/aws). Unset or false passes; a value unknown at preview is
 * judged at `pulumi up`.
 *
 * Controls: Redshift.1, DMS.1 (FSBP).
 */
export const dataServicesNotPublic = resourcePolicy({
    name: "data-services-not-publicly-accessible",
    description: "Redshift, Redshift Serverless, DMS replication instances and Amazon MQ brokers are not publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "general",
    controls: ["Redshift.1", "DMS.1"],
    onUnknown: "defer",
    resourceTypes: Object.keys(PUBLIC_SWITCH),
    validateResource: (args, reportViolation) => {
        const what = PUBLIC_SWITCH[args.type];
        if (what !== undefined && args.props["publiclyAccessible"] === true)
            reportViolation(`${what} is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC.`);
    },
});
