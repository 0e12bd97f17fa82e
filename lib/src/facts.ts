/**
 * The deployment's facts without the Pulumi SDK: regions, accounts and the topology they come
 * from, the layer graph, stack and resource names, the config keys each layer declares, the
 * deployment modes, and text wrapping for messages. The package's index exports all of this too.
 *
 * Scripts that only read these facts (`npm run stacks`, `npm run gen:org-ci`, the deploy script's
 * planning and checks) import this module instead of the index: the index loads @pulumi/pulumi and
 * @pulumi/aws, about 0.55 s of every such script's start (0.83 s against 0.30 s for
 * `gen-org-ci --check`), for nothing they use. test/facts.test.ts checks that loading this
 * module loads neither package.
 */
export * from "./awsRegions";
export * from "./cidr";
export * from "./configKeys";
export * from "./deploymentMode";
export * from "./environment";
export * from "./layers";
export * from "./naming";
export * from "./topology";
export * from "./wrap";
