import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const TYPES = ["aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"];

/** The parameter that makes an engine refuse unencrypted connections, by family prefix. */
const TLS_PARAMETER: readonly [RegExp, string, readonly string[]][] = [
    [/postgres/, "rds.force_ssl", ["1"]],
    [/mysql|mariadb/, "require_secure_transport", ["1", "ON", "on"]],
];

/** PostgreSQL's connection logging, which the baseline's parameter group turns on. */
const POSTGRES_CONNECTION_LOGGING = ["log_connections", "log_disconnections"];

/**
 * Baseline conformance: the database parameter groups keep TLS mandatory
 * (`rds.force_ssl` 1 for PostgreSQL, `require_secure_transport` for MySQL and
 * MariaDB) and PostgreSQL's connection logging: the README's "TLS only,
 * connection logging" database.
 *
 * Controls: none in Security Hub (AWS Config rule rds-postgresql/mysql ... encryption in transit checks).
 */
export const parameterGroupTls = resourcePolicy({
    name: "rds-parameter-group-tls-only",
    description: "Baseline conformance: database parameter groups force TLS and (PostgreSQL) log connections.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "rds",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "fail",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type) || !inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        const family = String(args.props["family"] ?? "");
        const rule = TLS_PARAMETER.find(([re]) => re.test(family));
        if (!rule) return;
        const [, name, values] = rule;
        const params = asArray<{ name?: string; value?: string }>(args.props["parameters"] as never);
        const p = params.find((x) => x.name === name);
        if (!p || !values.includes(String(p.value)))
            reportViolation(
                `${name} is ${p ? JSON.stringify(p.value) : "not set"}: set it to ${values[0]} so the database refuses unencrypted connections.`,
            );
        if (/postgres/.test(family))
            for (const log of POSTGRES_CONNECTION_LOGGING) {
                const q = params.find((x) => x.name === log);
                if (String(q?.value) !== "1")
                    reportViolation(`${log} is ${q ? JSON.stringify(q.value) : "not set"}: the database logs every connection.`);
            }
    },
});
