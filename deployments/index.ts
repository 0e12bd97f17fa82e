import * as pulumi from "@pulumi/pulumi";
import { allInstances } from "@baseline/lib";
import { deploymentEdges, rootStacks, stackPath } from "./src/chain";
import { readConfig, requireOrganizationMode } from "./src/config";
import { DeploymentChain } from "./src/deploymentChain";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and calls the
// module itself when it is a function.
export = async () => {
    requireOrganizationMode();
    const config = readConfig();
    const instances = allInstances();
    const edges = deploymentEdges(instances);
    const chain = new DeploymentChain("baseline", {
        organization: pulumi.getOrganization(),
        repoUrl: config.repoUrl,
        branch: config.branch,
        oidcRoleName: config.oidcRoleName,
        oidcSessionDuration: config.oidcSessionDuration,
        instances,
        edges,
    });
    return {
        /** The stacks nothing triggers: deploying them starts a run of the whole chain. */
        rootStacks: rootStacks(instances, edges).map(stackPath),
        stacks: [...chain.settings.keys()],
        webhooks: edges.length,
    };
};
