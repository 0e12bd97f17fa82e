import {
    Exports,
    LogArchiveOutputs,
    accountByKind,
    applyBaselineTags,
    assertOrganizationAccounts,
    resolveUpstream,
} from "@baseline/lib";
import { readConfig } from "./src/config";
import { TrailArchive } from "./src/trailArchive";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and calls the
// module itself when it is a function; it does not unwrap a default export there.
export = async (): Promise<Exports<LogArchiveOutputs>> => {
    const config = readConfig();
    applyBaselineTags("log-archive", config.owner);
    const org = await resolveUpstream("organization", config.upstream);
    const management = accountByKind("management");
    const logArchive = accountByKind("log-archive");
    // Before any policy names them: the organization stack must know these accounts by the topology's ids.
    assertOrganizationAccounts(org.accountIds, [management, logArchive]);

    const archive = new TrailArchive("organization-trail", {
        organizationId: org.organizationId,
        managementAccountId: management.id,
        logArchiveAccountId: logArchive.id,
        objectLock: config.auditObjectLock,
        expirationDays: config.auditBucketExpirationDays,
    });
    return {
        trailBucketName: archive.bucket.bucket.bucket,
        trailBucketArn: archive.bucket.bucket.arn,
        trailKeyArn: archive.key.arn,
    };
};
