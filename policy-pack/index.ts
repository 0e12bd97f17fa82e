// The CrossGuard entry point: `pulumi preview --policy-pack policy-pack` and
// `pulumi policy publish` load this file. Constructing the PolicyPack starts the
// analyzer, so nothing else imports it; tests and the offline evaluator use src/pack.ts.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./src/pack";

new PolicyPack(PACK_NAME, packArgs());
