import * as fs from "fs";
import * as path from "path";
import { findTaggableTypes, render } from "../src/gen-taggable";

test("lib/src/taggable.generated.ts matches the installed @pulumi/aws (npm run gen:taggable)", () => {
    const awsRoot = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const version = JSON.parse(fs.readFileSync(path.join(awsRoot, "package.json"), "utf8")).version as string;
    const current = fs.readFileSync(path.resolve(__dirname, "../../lib/src/taggable.generated.ts"), "utf8");
    expect(current).toBe(render(findTaggableTypes(awsRoot), version));
});
