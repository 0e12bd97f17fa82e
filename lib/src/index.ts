export * from "./cidr";
export * from "./config";
export * from "./reportedError";
export * from "./contracts";
export * from "./environment";
export * from "./layers";
export * from "./naming";
export * from "./observability";
export * from "./tags";
export * from "./upstream";
export * from "./partnerUpstream";
export * from "./customerKey";
export * from "./keyPolicy";
export * from "./backupVault";
export * from "./deploymentMode";
export * from "./planFormat";
export * from "./policyDocument";
export * from "./remediation";
export * from "./configKeys";
export * from "./contractShapes";
export * from "./wrap";
export * from "./topology";
export * from "./awsRegions";
export * from "./promiseStacks";
export * from "./organization";
export * from "./auditBuckets";
export * from "./securityServices";
export * from "./organizationTrail";
export * from "./cisAlarms";
export * from "./alarmSubscriptions";
export * from "./organizationUpstream";

import { lightenPromiseStacks } from "./promiseStacks";
// Every stack program, the offline plan and the tests load this module before
// they register a resource; see promiseStacks.ts for why and what stays mapped.
lightenPromiseStacks();
