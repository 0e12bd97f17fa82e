// A program with one secret config value and no resources: what it checks is where the engine
// keeps the state (an S3 bucket) and how it encrypts the secret (a KMS key), not what it deploys.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
export const token = config.requireSecret("token");
