import * as fs from "fs";
import * as path from "path";
import { TARGETS, findTaggableTypes, renderAll } from "../src/gen-taggable";

test("the generated taggable lists match the installed @pulumi/aws (npm run gen:taggable)", () => {
    const awsRoot = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const version = JSON.parse(fs.readFileSync(path.join(awsRoot, "package.json"), "utf8")).version as string;
    const expected = renderAll(findTaggableTypes(awsRoot), version);
    expect(fs.readFileSync(TARGETS.lib, "utf8")).toBe(expected.lib);
    expect(fs.readFileSync(TARGETS.policyPack, "utf8")).toBe(expected.policyPack);
});

test("the list holds what the baseline tags and leaves out what takes no tags", () => {
    const types = findTaggableTypes(path.dirname(require.resolve("@pulumi/aws/package.json")));
    expect(types).toEqual(
        expect.arrayContaining(["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:ec2/vpc:Vpc", "aws:lambda/function:Function"]),
    );
    expect(types).not.toContain("aws:s3/bucketPolicy:BucketPolicy");
    expect(types).not.toContain("aws:iam/rolePolicy:RolePolicy");
});
