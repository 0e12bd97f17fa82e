/** What an EFS file system policy may grant without being public. */
import { conditionEntries, RawStatement } from "./conditions";

/**
 * An EFS file system policy statement that allows only clients reaching the file system through one of its
 * mount targets (`Bool elasticfilesystem:AccessedViaMountTarget true`). It grants no more than the file
 * system's default policy: "The default EFS file system policy grants full access to any anonymous client that
 * can connect to the file system using a mount target" (EFS user guide, "Using IAM to control file system data
 * access"), that is the clients of its own network: it is not public.
 */
export function efsMountTargetOnly(type: string | undefined, s: RawStatement): boolean {
    if (type !== "aws:efs/fileSystemPolicy:FileSystemPolicy") return false;
    return conditionEntries(s).some(
        (c) =>
            c.operator.toLowerCase() === "bool" &&
            c.key === "elasticfilesystem:accessedviamounttarget" &&
            c.values.length > 0 &&
            c.values.every((v) => v.toLowerCase() === "true"),
    );
}
