import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_PREFIX } from "@baseline/lib";

/** Per-region account guardrails: IAM Access Analyzer (IAM.28) and EBS encryption by default (EC2.7). */
export class Guardrails extends pulumi.ComponentResource {
    readonly analyzer: aws.accessanalyzer.Analyzer;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:Guardrails", name, {}, opts);
        this.analyzer = new aws.accessanalyzer.Analyzer(
            `${name}-access-analyzer`,
            { analyzerName: `${NAME_PREFIX}-account`, type: "ACCOUNT" },
            { parent: this },
        );
        new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, { parent: this });
        this.registerOutputs({});
    }
}
