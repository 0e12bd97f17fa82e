/**
 * The `pulumi import` commands the docs give a user whose account already has what a layer creates
 * (a service-linked role, a Security Hub account, a detector, a Config recorder): each must import into
 * the very resource the program declares, under its parent, in the stack and folder it names. An import
 * whose name, type or parent differs from the program's leaves the program's own resource to be created
 * on the next `up` (which fails the same way), or, worse, a second resource in state that `destroy` deletes.
 */
import * as fs from "fs";
import * as path from "path";
import type { PlanFile } from "@baseline/lib";
import { REPO_ROOT } from "../src/planner";
import { sharedPlanAll } from "./support/sharedPlan";

interface ImportCommand {
    readonly file: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly cwd: string;
    readonly stack: string;
}

/** Every `pulumi import <type> <name> <id> --parent '<urn>' --cwd <dir> --stack <stack>` of the docs' shell blocks. */
function importCommands(): ImportCommand[] {
    const docs = path.join(REPO_ROOT, "docs");
    const out: ImportCommand[] = [];
    for (const f of fs.readdirSync(docs).filter((n) => n.endsWith(".md"))) {
        const text = fs.readFileSync(path.join(docs, f), "utf8").replace(/\\\n\s*/g, " ");
        for (const m of text.matchAll(/^\s*pulumi import (\S+:\S+) (\S+) .*$/gm)) {
            const line = m[0];
            const opt = (name: string) => new RegExp(`--${name} '?([^ ']+)'?`).exec(line)?.[1];
            out.push({
                file: `docs/${f}`,
                type: m[1],
                name: m[2],
                parent: opt("parent") ?? "",
                cwd: opt("cwd") ?? "",
                stack: opt("stack") ?? "",
            });
        }
    }
    return out;
}

let plans: PlanFile[];
beforeAll(async () => {
    plans = await sharedPlanAll();
}, 300000);

const COMMANDS = importCommands();

describe("the docs' pulumi import commands", () => {
    it("are found (the parser reads the docs' multi-line commands)", () => {
        expect(COMMANDS.map((c) => `${c.type} ${c.name}`)).toEqual(
            expect.arrayContaining([
                "aws:iam/serviceLinkedRole:ServiceLinkedRole service-config-slr",
                "aws:securityhub/account:Account securityhub-account",
                "aws:guardduty/detector:Detector guardduty-detector",
                "aws:cfg/recorder:Recorder config-recorder",
                "aws:cfg/deliveryChannel:DeliveryChannel config-delivery",
            ]),
        );
    });

    it.each(COMMANDS.map((c) => [`${c.file}: ${c.type} ${c.name}`, c] as const))(
        "%s imports into the resource the program declares, under the parent and in the stack it names",
        (_, c) => {
            // `<region>` stands for each deployed region: the first one's plan shows the shape.
            const stack = c.stack.replace("<region>", "us-east-1");
            const parent = c.parent.replace("<region>", "us-east-1");
            expect(c.cwd).toMatch(/^stacks\/[a-z-]+$/);
            const project = `baseline-${c.cwd.slice("stacks/".length)}`;
            const plan = plans.find((p) => p.project === project && p.stack === stack);
            expect(plan).toBeDefined();
            const urns = plan!.steps.map((s) => s.urn);
            expect(urns).toContain(parent);
            // A child's URN: the parent's type chain, then its own type, then its name.
            const [, , parentType] = parent.split("::");
            expect(urns).toContain(`urn:pulumi:${stack}::${project}::${parentType}$${c.type}::${c.name}`);
        },
    );
});
