// The facts scripts read without the SDK (see facts.ts), then everything a program uses.
export * from "./facts";
export * from "./config";
export * from "./reportedError";
export * from "./contracts";
export * from "./observability";
export * from "./tags";
export * from "./upstream";
export * from "./partnerUpstream";
export * from "./customerKey";
export * from "./keyPolicy";
export * from "./backupVault";
export * from "./planFormat";
export * from "./policyDocument";
export * from "./remediation";
export * from "./contractShapes";
export * from "./promiseStacks";
export * from "./organization";
export * from "./auditBuckets";
export * from "./securityServices";
export * from "./organizationTrail";
export * from "./cisAlarms";
export * from "./findingsRouting";
export * from "./alarmSubscriptions";
export * from "./organizationUpstream";

import { lightenPromiseStacks } from "./promiseStacks";
// Every stack program, the offline plan and the tests load this module before
// they register a resource; see promiseStacks.ts for why and what stays mapped.
lightenPromiseStacks();
