import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUTOMATION_ASSUME_ROLE, NAME_PREFIX } from "@baseline/lib";
import { RuleSpec } from "./rules";

export interface ConfigRulesArgs {
    readonly rules: readonly RuleSpec[];
    /** configRemediationRoleArn from global-iam. */
    readonly remediationRoleArn: string;
    readonly maximumAutomaticAttempts: number;
    readonly retryAttemptSeconds: number;
    /** Rules are evaluated by a running recorder: register them after it is enabled. */
    readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** AWS Config managed (and Guard custom policy) rules and their remediations (automatic unless the rule spec says why not). */
export class ConfigRules extends pulumi.ComponentResource {
    readonly rules: Record<string, aws.cfg.Rule> = {};

    constructor(name: string, args: ConfigRulesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:ConfigRules", name, {}, opts);
        for (const spec of args.rules) {
            const rule = new aws.cfg.Rule(
                `${name}-${spec.name}`,
                {
                    name: `${NAME_PREFIX}-${spec.name}`,
                    description: `${spec.identifier} (${spec.controls})`,
                    ...(spec.customPolicy
                        ? {
                              source: {
                                  owner: "CUSTOM_POLICY",
                                  // Evaluated on every configuration change of the scoped types.
                                  sourceDetails: [
                                      { eventSource: "aws.config", messageType: "ConfigurationItemChangeNotification" },
                                      { eventSource: "aws.config", messageType: "OversizedConfigurationItemChangeNotification" },
                                  ],
                                  customPolicyDetails: { policyRuntime: "guard-2.x.x", policyText: spec.customPolicy.guard },
                              },
                              scope: spec.customPolicy.scopeTag
                                  ? { tagKey: spec.customPolicy.scopeTag.key, tagValue: spec.customPolicy.scopeTag.value }
                                  : { complianceResourceTypes: [...spec.customPolicy.resourceTypes] },
                          }
                        : {
                              source: { owner: "AWS", sourceIdentifier: spec.identifier },
                              ...(spec.scopeTag ? { scope: { tagKey: spec.scopeTag.key, tagValue: spec.scopeTag.value } } : {}),
                          }),
                    inputParameters: spec.inputParameters ? JSON.stringify(spec.inputParameters) : undefined,
                },
                { parent: this, dependsOn: args.dependsOn },
            );
            this.rules[spec.name] = rule;
            if (!spec.remediation) continue;
            const r = spec.remediation;
            new aws.cfg.RemediationConfiguration(
                `${name}-${spec.name}-remediation`,
                {
                    configRuleName: rule.name,
                    resourceType: r.resourceType,
                    targetType: "SSM_DOCUMENT",
                    targetId: r.runbook,
                    automatic: r.manualBecause === undefined,
                    maximumAutomaticAttempts: args.maximumAutomaticAttempts,
                    retryAttemptSeconds: args.retryAttemptSeconds,
                    parameters: [
                        { name: AUTOMATION_ASSUME_ROLE, staticValue: args.remediationRoleArn },
                        ...Object.entries(r.parameters).map(([pname, v]) =>
                            "resourceId" in v
                                ? { name: pname, resourceValue: "RESOURCE_ID" }
                                : { name: pname, staticValue: v.static },
                        ),
                    ],
                },
                { parent: rule },
            );
        }
        this.registerOutputs({});
    }
}
