/** The RDS resource types the RDS policies judge, and how messages name them. */
export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const RDS_CLUSTER = "aws:rds/cluster:Cluster";
export const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

const LABELS: Readonly<Record<string, string>> = {
    [RDS_INSTANCE]: "RDS instance",
    [RDS_CLUSTER]: "RDS cluster",
    [RDS_CLUSTER_INSTANCE]: "RDS cluster instance",
};

/** `RDS instance` / `RDS cluster` / `RDS cluster instance`, or undefined for another type. */
export function rdsLabel(type: string): string | undefined {
    return LABELS[type];
}
