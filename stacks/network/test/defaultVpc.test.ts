/**
 * The region's default VPC on a fresh account: adopted and closed (no rules, no ACL entries), never
 * created when it is gone, and its flow log left to the security layer's remediation group.
 */
import { Region, REGIONS } from "@baseline/lib";
import { defaultVpcId, findResource, ofType, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import program from "../index";

const ACCOUNT = "123456789012";
const run = (region: Region, defaultVpc = true) =>
    runStack({
        project: "baseline-network",
        stack: `production-${region}`,
        config: { "aws:region": region },
        stackOutputs: upstreamOutputsFor("network", region),
        defaultVpc,
        program,
    });

describe.each(REGIONS)("default VPC in %s", (region) => {
    it("is adopted (not deleted) and closed: its default SG has no rules, its default NACL no entries", async () => {
        const { resources } = await run(region);
        const vpc = findResource(resources, "aws:ec2/defaultVpc:DefaultVpc");
        expect(vpc.id).toBe(defaultVpcId(region, ACCOUNT));
        expect(vpc.inputs.forceDestroy).toBe(false);
        const sg = ofType(resources, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").find((r) => r.inputs.vpcId === vpc.id)!;
        expect(sg.inputs).toMatchObject({ ingress: [], egress: [] });
        const nacl = ofType(resources, "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl").find(
            (r) => r.inputs.defaultNetworkAclId === vpc.outputs.defaultNetworkAclId,
        )!;
        expect(nacl.inputs).toMatchObject({ ingress: [], egress: [] });
        expect(nacl.ignoreChanges).toEqual(["subnetIds"]);
        // Tagged like everything else (the stack transformation reaches adopted resources too).
        expect(vpc.inputs.tags).toMatchObject({ Environment: "Production", Layer: "network" });
        // No second flow log here: the security layer's remediation already logs it to its own group.
        expect(ofType(resources, "aws:ec2/flowLog:FlowLog").map((f) => f.inputs.vpcId)).not.toContain(vpc.id);
    });
});

it("is not created when the region has none (the provider would create a new default VPC)", async () => {
    const { resources } = await run("us-west-2", false);
    expect(ofType(resources, "aws:ec2/defaultVpc:DefaultVpc")).toEqual([]);
    // The baseline VPC's own default SG and NACL are still closed.
    expect(ofType(resources, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")).toHaveLength(1);
});
